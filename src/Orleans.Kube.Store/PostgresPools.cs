using Npgsql;

namespace Orleans.Kube.Store;

/// <summary>
/// The connection pools of one silo. It holds two: the resource store's data source, and the pool
/// Orleans' ADO.NET providers open by connection string. At Npgsql's default of 100 each, one silo
/// could exhaust PostgreSQL's default max_connections (100) in a burst of pod activations, and the
/// connects beyond it failed ("too many clients") instead of waiting. Capped, a burst queues for a
/// pooled connection (up to Npgsql's Timeout). PostgreSQL needs max_connections of at least
/// (Store + Orleans) per silo plus a margin.
/// </summary>
public static class PostgresPools
{
    public const int Store = 40;
    public const int Orleans = 20;

    /// <summary>The connection string with its pool at most <paramref name="size"/>; a smaller pool it names stays.</summary>
    public static string Capped(string connectionString, int size)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, size);
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        return builder.ConnectionString;
    }

    /// <summary>
    /// Drops the idle connections of both pools (busy ones close when returned), so that after a
    /// PostgreSQL restart no request is handed a connection the old server owned.
    /// </summary>
    public static void ClearAll(NpgsqlDataSource store)
    {
        store.Clear();
        // Orleans' ADO.NET providers open connections by connection string, in Npgsql's global pools.
        NpgsqlConnection.ClearAllPools();
    }
}
