using Npgsql;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Compose.Tests;

/// <summary>
/// The cluster of compose/docker-compose.yml: PostgreSQL and silo-a/b/c (api+worker) on the host
/// network, from the images compose/build-images.sh makes. Started from a clean slate and removed
/// again with compose/down.sh -v.
/// </summary>
public sealed class ComposeCluster : IAsyncDisposable
{
    public static readonly string[] Silos = ["silo-a", "silo-b", "silo-c"];
    private static readonly string Dir = Path.Combine(RepoPaths.Root, "compose");
    private static readonly string File_ = Path.Combine(Dir, "docker-compose.yml");

    /// <summary>The credentials compose/build-images.sh made (the cluster's, not the test process's).</summary>
    public static readonly string PkiDir = Path.Combine(Dir, ".state", "pki");

    public Kubectl Kubectl { get; } = new("https://127.0.0.1:8101", PkiDir);

    public static string ApiUrl(string silo) => $"https://127.0.0.1:{8101 + Array.IndexOf(Silos, silo)}";

    public static async Task<ComposeCluster> UpAsync()
    {
        await ProcessRunner.RunAsync(Path.Combine(Dir, "build-images.sh"), [], TimeSpan.FromMinutes(15));
        await ProcessRunner.RunAsync(Path.Combine(Dir, "down.sh"), ["-v"], TimeSpan.FromMinutes(3));
        Directory.CreateDirectory("/var/lib/okube-compose");
        await ComposeAsync("up", "-d");
        return new ComposeCluster();
    }

    public static Task<string> ComposeAsync(params string[] args) =>
        ProcessRunner.RunAsync("/usr/bin/docker-compose", ["-f", File_, .. args], TimeSpan.FromMinutes(5));

    public static async Task<string> ContainerOfAsync(string service) => (await ComposeAsync("ps", "-q", service)).Trim();

    /// <summary>SIGKILL to the silo's process, as a crash; Compose's restart policy is turned off first so it stays down.</summary>
    public static async Task KillAndKeepDownAsync(string service)
    {
        var id = await ContainerOfAsync(service);
        await ProcessRunner.RunAsync("/usr/bin/docker", ["update", "--restart=no", id], TimeSpan.FromSeconds(30));
        var pid = (await ProcessRunner.RunAsync("/usr/bin/docker", ["inspect", "-f", "{{.State.Pid}}", id], TimeSpan.FromSeconds(30))).Trim();
        await ProcessRunner.RunAsync("kill", ["-9", pid], TimeSpan.FromSeconds(10));
    }

    /// <summary>The membership table's status of a silo's newest row (6 = Dead, 3 = Active).</summary>
    public static async Task<int?> MembershipStatusAsync(int siloPort)
    {
        await using var connection = await SuperuserAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM okube_membership WHERE port = $1 ORDER BY generation DESC LIMIT 1", connection);
        command.Parameters.Add(new() { Value = siloPort });
        return await command.ExecuteScalarAsync() as int?;
    }

    /// <summary>The first column of every row of <paramref name="sql"/>, run as PostgreSQL's superuser in database okube.</summary>
    public static async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = await SuperuserAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return rows;
    }

    private static async Task<NpgsqlConnection> SuperuserAsync()
    {
        var password = (await File.ReadAllTextAsync(Path.Combine(Dir, ".state", "postgres-password"))).Trim();
        var connection = new NpgsqlConnection($"Host=127.0.0.1;Port=55440;Username=postgres;Password={password};Database=okube;Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        Kubectl.Dispose();
        await ProcessRunner.RunAsync(Path.Combine(Dir, "down.sh"), ["-v"], TimeSpan.FromMinutes(3));
    }
}
