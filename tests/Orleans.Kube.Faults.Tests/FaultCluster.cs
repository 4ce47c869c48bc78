using Orleans.Kube.Testing;

namespace Orleans.Kube.Faults.Tests;

/// <summary>
/// A cluster to break: one API-only silo (api-1), a worker that also serves the API (node-a) and a
/// pure worker (node-b), on a throwaway PostgreSQL, with short node grace periods. Killed silos are
/// started again under the same name and URL.
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    public const string Image1 = "okube/busybox:1";
    public const string Image2 = "okube/busybox:2";
    // Short node grace periods so failover is quick to observe; a patient start-up check, since a
    // silo started again mid-fault shares a busy machine with 30 containers being replaced.
    private static readonly string[] SiloArgs = ["--Nodes:GracePeriodSeconds=6", "--Nodes:HeartbeatSeconds=1", "--Postgres:StartupTimeoutSeconds=60"];
    private readonly Dictionary<string, (string Url, string Roles)> members = [];
    private readonly Dictionary<string, SiloProcess> silos = [];
    private readonly string suffix = Guid.NewGuid().ToString("N")[..6];

    private FaultCluster(PostgresServer postgres, string database)
    {
        Postgres = postgres;
        Database = database;
    }

    public PostgresServer Postgres { get; }
    public string Database { get; }
    public string ApiSilo => $"api-1-{suffix}";
    public string NodeA => $"node-a-{suffix}";
    public string NodeB => $"node-b-{suffix}";
    public ApiEndpoints Api { get; private set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;

    public static async Task<FaultCluster> StartAsync()
    {
        await Docker.TagAsync(Image1, Image2);
        var postgres = await PostgresServer.StartAsync();
        // Pooled connections, as a production silo has them: a PostgreSQL restart must also be
        // survived by the idle connections the pool still holds.
        var cluster = new FaultCluster(postgres, await postgres.CreateDatabaseAsync("faults", pooling: true));
        cluster.members[cluster.ApiSilo] = ($"https://127.0.0.1:{FreePort.Next()}", "api");
        cluster.members[cluster.NodeA] = ($"https://127.0.0.1:{FreePort.Next()}", "api,worker");
        cluster.members[cluster.NodeB] = ($"https://127.0.0.1:{FreePort.Next()}", "worker");
        foreach (var name in cluster.members.Keys)
            await cluster.StartSiloAsync(name);
        cluster.Api = new ApiEndpoints([cluster.members[cluster.ApiSilo].Url, cluster.members[cluster.NodeA].Url]);
        cluster.Kubectl = new Kubectl(cluster.members[cluster.ApiSilo].Url);
        await Poll.UntilAsync(async () =>
        {
            var nodes = await cluster.Kubectl.RunAsync("get", "nodes");
            return nodes.Stdout.Contains(cluster.NodeA) && nodes.Stdout.Contains(cluster.NodeB) && !nodes.Stdout.Contains("NotReady");
        }, TimeSpan.FromSeconds(90), "both worker nodes Ready");
        return cluster;
    }

    public SiloProcess Silo(string name) => silos[name];

    /// <summary>SIGKILL of one silo: no shutdown, no goodbye to the membership table.</summary>
    public void Kill(string name) => silos[name].Kill();

    /// <summary>
    /// Starts <paramref name="name"/> (again) with its roles and HTTP URL and waits until it is ready.
    /// Like a process supervisor, it starts the silo again when it exits on start-up.
    /// </summary>
    public async Task StartSiloAsync(string name)
    {
        var (url, roles) = members[name];
        for (var attempt = 1; ; attempt++)
        {
            if (silos.Remove(name, out var old))
                await old.DisposeAsync();
            var silo = SiloProcess.StartAt(url, Database, name, roles, SiloArgs);
            silos[name] = silo;
            try
            {
                await silo.WaitReadyAsync(TimeSpan.FromMinutes(2));
                return;
            }
            catch (InvalidOperationException) when (silo.HasExited && attempt < 5)
            {
                // exited while starting: start it again
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kubectl?.Dispose();
        foreach (var silo in silos.Values)
            await silo.DisposeAsync();
        foreach (var node in new[] { NodeA, NodeB })
            await Docker.RemoveAsync(await Docker.ContainersAsync(new Dictionary<string, string> { ["okube.node"] = node }, all: true));
        await Postgres.DisposeAsync();
    }
}
