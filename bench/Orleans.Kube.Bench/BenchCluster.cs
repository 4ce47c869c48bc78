using System.Text.Json.Nodes;
using Orleans.Kube.Runtime;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// The Orleans.Kube cluster under test: by default one silo (api+worker) of its own on a throwaway
/// PostgreSQL, free loopback ports and a node name of its own, so it never meets another cluster on
/// this machine; or an existing API given with --server.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    // Room for 150 replicas plus a surge; the node default (110, as kubelet's) would leave pods unschedulable.
    private const int MaxPods = 400;
    private readonly PostgresServer? postgres;
    private readonly SiloProcess? silo;
    private readonly string? node;

    private BenchCluster(string server, PostgresServer? postgres, SiloProcess? silo, string? node)
    {
        this.node = node;
        Server = server;
        this.postgres = postgres;
        this.silo = silo;
        Api = new HttpClient(ClusterCredentials.CreateHandler()) { BaseAddress = new Uri(server), Timeout = TimeSpan.FromSeconds(30) };
        Kubectl = new Kubectl(server);
    }

    public string Server { get; }
    public HttpClient Api { get; }
    public Kubectl Kubectl { get; }

    /// <param name="extraArgs">More silo options, e.g. the agent's Engine parallelism.</param>
    public static async Task<BenchCluster> StartAsync(string? server, params string[] extraArgs)
    {
        if (server is not null)
            return new BenchCluster(server, null, null, null);

        var postgres = await PostgresServer.StartAsync();
        var node = $"bench-{Guid.NewGuid().ToString("N")[..6]}";
        var silo = SiloProcess.Start(await postgres.CreateDatabaseAsync("bench", pooling: true), node, "api,worker",
            ["--cluster-id", node, "--Node:MaxPods", MaxPods.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs]);
        var cluster = new BenchCluster(silo.HttpUrl, postgres, silo, node);
        try
        {
            await silo.WaitReadyAsync();
            await Poll.UntilAsync(() => cluster.NodeReadyAsync(node), TimeSpan.FromMinutes(1), $"node {node} Ready");
            Console.Error.WriteLine($"okube-bench: silo {node} up, API {silo.HttpUrl}");
            return cluster;
        }
        catch
        {
            Console.Error.WriteLine(silo.Output);
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> NodeReadyAsync(string node)
    {
        var body = JsonNode.Parse(await Api.GetStringAsync($"/api/v1/nodes/{node}"))!;
        return body["status"]?["conditions"]?.AsArray()
            .Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Kubectl.Dispose();
        if (silo is not null)
            await silo.DisposeAsync();
        // Whatever a failed run left on our node: nobody else uses its name.
        if (node is not null)
        {
            using var runtime = new DockerContainerRuntime();
            foreach (var container in await runtime.ListAsync(new Dictionary<string, string> { ["okube.node"] = node }, CancellationToken.None))
                await runtime.RemoveAsync(container.Id, CancellationToken.None);
        }
        if (postgres is not null)
            await postgres.DisposeAsync();
    }
}
