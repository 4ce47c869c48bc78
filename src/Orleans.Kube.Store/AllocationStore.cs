using Npgsql;

namespace Orleans.Kube.Store;

/// <summary>
/// Hands out pool values (ClusterIPs, NodePorts, pod IPs) to owners, in PostgreSQL so every silo
/// sees one truth: a value is held by one owner until released, then free again.
/// </summary>
public sealed class AllocationStore(NpgsqlDataSource db) : IAllocationStore
{
    // Candidates are scanned in windows from a random start, so allocation stays cheap in big pools.
    private const long Window = 4096;

    /// <summary>The owner resource of the ports silos listen on: no object, so the sweep leaves them alone.</summary>
    public const string SiloOwnerResource = "silos";

    /// <summary>Takes any free value of the pool for the owner; null when the pool is full.</summary>
    public async Task<long?> AllocateAsync(AllocationPool pool, string ownerResource, string ownerUid, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("allocate");
        return await TakeAsync(TakeFree, pool, ownerResource, ownerUid, ct);
    }

    /// <summary>The owner's value of the pool if it holds one, else a free one: one round trip where Held then Allocate take two.</summary>
    public async Task<long?> AcquireAsync(AllocationPool pool, string ownerResource, string ownerUid, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("acquire");
        return await TakeAsync(TakeHeldOrFree, pool, ownerResource, ownerUid, ct);
    }

    private const string TakeFree = """
        INSERT INTO okube_allocations (pool, value, owner_resource, owner_uid)
        SELECT $1, v, $2, $3 FROM generate_series($4::bigint, $5::bigint) v
        WHERE NOT EXISTS (SELECT 1 FROM okube_allocations a WHERE a.pool = $1 AND a.value = v)
        LIMIT 1
        ON CONFLICT DO NOTHING
        RETURNING value
        """;

    private const string TakeHeldOrFree = """
        WITH held AS (SELECT value FROM okube_allocations WHERE pool = $1 AND owner_uid = $3 ORDER BY value LIMIT 1),
        taken AS (
            INSERT INTO okube_allocations (pool, value, owner_resource, owner_uid)
            SELECT $1, v, $2, $3 FROM generate_series($4::bigint, $5::bigint) v
            WHERE NOT EXISTS (SELECT 1 FROM held) AND NOT EXISTS (SELECT 1 FROM okube_allocations a WHERE a.pool = $1 AND a.value = v)
            LIMIT 1
            ON CONFLICT DO NOTHING
            RETURNING value)
        SELECT value FROM held UNION ALL SELECT value FROM taken
        """;

    private async Task<long?> TakeAsync(string sql, AllocationPool pool, string ownerResource, string ownerUid, CancellationToken ct)
    {
        var size = pool.Last - pool.First + 1;
        var start = pool.First + Random.Shared.NextInt64(size);
        for (long scanned = 0; scanned < size + Window; scanned += Window)
        {
            var from = pool.First + ((start - pool.First + scanned) % size);
            var to = Math.Min(from + Window - 1, pool.Last);
            await using var command = db.CreateCommand(sql);
            command.Parameters.Add(new() { Value = pool.Name });
            command.Parameters.Add(new() { Value = ownerResource });
            command.Parameters.Add(new() { Value = ownerUid });
            command.Parameters.Add(new() { Value = from });
            command.Parameters.Add(new() { Value = to });
            if (await command.ExecuteScalarAsync(ct) is long value)
                return value;
            // Nothing free in this window, or another silo took the same value a moment earlier: look on.
        }
        return null;
    }

    /// <summary>Takes a requested value; true when it is now the owner's (also when it already was).</summary>
    public async Task<bool> ReserveAsync(AllocationPool pool, long value, string ownerResource, string ownerUid, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("reserve");
        await using var command = db.CreateCommand(
            """
            WITH taken AS (
                INSERT INTO okube_allocations (pool, value, owner_resource, owner_uid) VALUES ($1, $2, $3, $4)
                ON CONFLICT DO NOTHING RETURNING owner_uid)
            SELECT owner_uid FROM taken
            UNION ALL
            SELECT owner_uid FROM okube_allocations WHERE pool = $1 AND value = $2
            LIMIT 1
            """);
        command.Parameters.Add(new() { Value = pool.Name });
        command.Parameters.Add(new() { Value = value });
        command.Parameters.Add(new() { Value = ownerResource });
        command.Parameters.Add(new() { Value = ownerUid });
        return await command.ExecuteScalarAsync(ct) as string == ownerUid;
    }

    /// <summary>The values of the pool the owner holds.</summary>
    public async Task<IReadOnlyList<long>> HeldAsync(AllocationPool pool, string ownerUid, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("held");
        await using var command = db.CreateCommand("SELECT value FROM okube_allocations WHERE pool = $1 AND owner_uid = $2 ORDER BY value");
        command.Parameters.Add(new() { Value = pool.Name });
        command.Parameters.Add(new() { Value = ownerUid });
        var values = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            values.Add(reader.GetInt64(0));
        return values;
    }

    /// <summary>Releases the owner's values of the pool that are not in <paramref name="keep"/>.</summary>
    public async Task ReleaseExceptAsync(AllocationPool pool, string ownerUid, IReadOnlyCollection<long> keep, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("release");
        await using var command = db.CreateCommand("DELETE FROM okube_allocations WHERE pool = $1 AND owner_uid = $2 AND NOT (value = ANY($3))");
        command.Parameters.Add(new() { Value = pool.Name });
        command.Parameters.Add(new() { Value = ownerUid });
        command.Parameters.Add(new() { Value = keep.ToArray() });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Releases everything the owner holds, in every pool.</summary>
    public async Task ReleaseAllAsync(string ownerUid, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("release");
        await using var command = db.CreateCommand("DELETE FROM okube_allocations WHERE owner_uid = $1");
        command.Parameters.Add(new() { Value = ownerUid });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Releases values whose owner no longer exists (allocated more than <paramref name="minAge"/>
    /// ago, so an owner still on its way to its first write keeps them). Returns how many.
    /// </summary>
    public async Task<int> SweepAsync(TimeSpan minAge, CancellationToken ct = default)
    {
        using var timer = StoreMetrics.Time("sweep");
        await using var command = db.CreateCommand(
            """
            DELETE FROM okube_allocations a
            WHERE a.allocated_at < now() - $1::interval
              AND a.owner_resource <> $2
              AND NOT EXISTS (
                SELECT 1 FROM okube_resources r
                WHERE r.resource = a.owner_resource AND r.body LIKE '%"uid":"' || a.owner_uid || '"%')
            """);
        command.Parameters.Add(new() { Value = minAge });
        command.Parameters.Add(new() { Value = SiloOwnerResource });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
