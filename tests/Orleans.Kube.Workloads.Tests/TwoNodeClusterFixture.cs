using Orleans.Kube.Testing;
using Xunit;

[assembly: AssemblyFixture(typeof(Orleans.Kube.Workloads.Tests.TwoNodeClusterFixture))]
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// Two worker silos on one machine (two nodes on one Docker Engine), the first also serving the
/// API, with a short node grace period so failover is quick to observe.
/// </summary>
public sealed class TwoNodeClusterFixture : IAsyncLifetime
{
    public const string Image1 = "okube/busybox:1";
    public const string Image2 = "okube/busybox:2";
    private static readonly string[] FastNodes = ["--Nodes:GracePeriodSeconds=6", "--Nodes:HeartbeatSeconds=1"];
    private PostgresServer? postgres;
    private readonly string suffix = Guid.NewGuid().ToString("N")[..6];

    public SiloProcess NodeA { get; private set; } = null!;
    public SiloProcess NodeB { get; set; } = null!;
    public Kubectl Kubectl { get; private set; } = null!;
    public string Database { get; private set; } = "";
    public string NodeAName => $"node-a-{suffix}";
    public string NodeBName => $"node-b-{suffix}";

    /// <summary>Node A's ingress proxy listeners (node B's ingress stays off).</summary>
    public int IngressHttpPort { get; } = FreePort.Next();
    public int IngressHttpsPort { get; } = FreePort.Next();

    public async ValueTask InitializeAsync()
    {
        await Docker.TagAsync(Image1, Image2);
        postgres = await PostgresServer.StartAsync();
        Database = await postgres.CreateDatabaseAsync("workloads");
        NodeA = SiloProcess.Start(Database, NodeAName, "api,worker",
            [.. FastNodes, "--Ingress:Enabled", "true", "--Ingress:HttpPort", IngressHttpPort.ToString(), "--Ingress:HttpsPort", IngressHttpsPort.ToString()]);
        await NodeA.WaitReadyAsync();
        NodeB = StartNodeB();
        await NodeB.WaitReadyAsync();
        Kubectl = new Kubectl(NodeA.HttpUrl);
        await Poll.UntilAsync(async () =>
        {
            var nodes = await Kubectl.RunAsync("get", "nodes");
            return nodes.Stdout.Contains(NodeAName) && nodes.Stdout.Contains(NodeBName) && !nodes.Stdout.Contains("NotReady");
        }, TimeSpan.FromSeconds(60), "both nodes Ready");
    }

    public SiloProcess StartNodeB() => SiloProcess.Start(Database, NodeBName, "worker", FastNodes);

    public async ValueTask DisposeAsync()
    {
        Kubectl?.Dispose();
        if (NodeB is not null) await NodeB.DisposeAsync();
        if (NodeA is not null) await NodeA.DisposeAsync();
        foreach (var node in new[] { NodeAName, NodeBName })
        {
            await Docker.RemoveAsync(await Docker.ContainersAsync(new Dictionary<string, string> { ["okube.node"] = node }, all: true));
            await HostMountCleanup.UnmountUnderAsync(Path.Combine(Path.GetTempPath(), "okube", node));
        }
        if (postgres is not null) await postgres.DisposeAsync();
    }
}
