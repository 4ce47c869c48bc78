using System.Net.Sockets;
using Npgsql;

namespace Orleans.Kube.Store;

/// <summary>Thrown when PostgreSQL cannot be used; its message is meant for an operator, not a developer.</summary>
public sealed class PostgresUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Checks once, with a short timeout, that PostgreSQL answers, and turns the failure into one
/// actionable sentence instead of a provider stack trace or a silent retry loop.
/// </summary>
public static class PostgresReachability
{
    public static async Task EnsureReachableAsync(NpgsqlDataSource dataSource, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = Describe(dataSource.ConnectionString);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(deadline.Token);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PostgresUnavailableException($"PostgreSQL at {target} did not answer within {timeout.TotalSeconds:0} s.");
        }
        catch (NpgsqlException ex)
        {
            throw new PostgresUnavailableException($"PostgreSQL at {target} is not usable: {Reason(ex)}", ex);
        }
    }

    private static string Reason(NpgsqlException ex) => ex switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})",
        _ when ex.InnerException is SocketException socket => socket.Message,
        _ when ex.InnerException is TimeoutException => "connection timed out",
        _ => ex.Message,
    };

    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
