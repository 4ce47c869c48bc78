using Npgsql;

namespace Orleans.Kube.Testing;

/// <summary>
/// A throwaway PostgreSQL 15 server in a temp folder, on a free loopback port, for one test run.
/// Set OKUBE_TEST_POSTGRES to a server connection string to use an existing server instead.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly string? dataDir;
    private readonly NpgsqlConnectionStringBuilder server;
    private readonly bool fsync;

    private PostgresServer(string? dataDir, NpgsqlConnectionStringBuilder server, bool fsync = false)
    {
        this.dataDir = dataDir;
        this.server = server;
        this.fsync = fsync;
    }

    public int Port => server.Port;

    /// <param name="fsync">On as a user runs PostgreSQL (benches of the write path); tests keep it off for speed.</param>
    public static async Task<PostgresServer> StartAsync(bool fsync = false)
    {
        if (Environment.GetEnvironmentVariable("OKUBE_TEST_POSTGRES") is { Length: > 0 } existing)
            return new PostgresServer(null, new NpgsqlConnectionStringBuilder(existing));

        var dataDir = Path.Combine(Path.GetTempPath(), $"okube-test-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var port = FreePort.Next();
        if (Environment.UserName == "root")
            await ProcessRunner.RunAsync("chown", ["postgres:postgres", dataDir], TimeSpan.FromSeconds(10));
        await AsPostgresAsync("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], TimeSpan.FromMinutes(2));
        var server = new PostgresServer(dataDir, new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" }, fsync);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut), keeping its data for <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync() =>
        AsPostgresAsync("pg_ctl", ["-D", DataDir, "-m", "fast", "-w", "stop"], TimeSpan.FromMinutes(1));

    /// <summary>Starts the server on its data folder and port, as it was before <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() =>
        AsPostgresAsync("pg_ctl", ["-D", DataDir, "-l", Path.Combine(DataDir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync={(fsync ? "on" : "off")} -c max_connections=300", "start"],
            TimeSpan.FromMinutes(1));

    private string DataDir => dataDir ?? throw new InvalidOperationException("an existing server (OKUBE_TEST_POSTGRES) is not ours to stop or start");

    /// <summary>
    /// Creates an empty database for one test, so tests never see each other's rows. Pooling is off
    /// unless asked for: tests stop and restart this server; a production silo (and a bench) pools.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string prefix, bool pooling = false)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = pooling }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (dataDir is null)
            return;
        try { await AsPostgresAsync("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"], TimeSpan.FromMinutes(1)); }
        catch (InvalidOperationException) when (!File.Exists(Path.Combine(dataDir, "postmaster.pid"))) { } // a test left it stopped
        finally { Directory.Delete(dataDir, recursive: true); }
    }

    private static Task<string> AsPostgresAsync(string tool, IEnumerable<string> args, TimeSpan timeout) =>
        Environment.UserName == "root"
            ? ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDir, tool), .. args], timeout)
            : ProcessRunner.RunAsync(Path.Combine(BinDir, tool), args, timeout);
}
