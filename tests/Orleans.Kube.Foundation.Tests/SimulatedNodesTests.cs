using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Foundation.Tests;

/// <summary>
/// A worker silo hosting simulated nodes next to an api silo: each node registers, runs its pods
/// through its own agent (placed by the host's silo metadata), and fails over like a real node.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class SimulatedNodesTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string[] FastNodes = ["--Nodes:GracePeriodSeconds=6", "--Nodes:HeartbeatSeconds=1"];
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private SiloProcess? api;
    private SiloProcess? host;
    private Kubectl? kubectl;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.Server.CreateDatabaseAsync("simulated");
        api = SiloProcess.Start(database, "sim-api", "api", FastNodes);
        host = SiloProcess.Start(database, "sim-host", "worker", [.. FastNodes, "--Node:Simulated:Count=3", "--Node:Simulated:Prefix=fake"]);
        await Task.WhenAll(api.WaitReadyAsync(), host.WaitReadyAsync());
        kubectl = new Kubectl(api.HttpUrl);
    }

    public async ValueTask DisposeAsync()
    {
        kubectl?.Dispose();
        if (host is not null) await host.DisposeAsync();
        if (api is not null) await api.DisposeAsync();
    }

    [Fact]
    public async Task SimulatedNodesRunSpreadPodsAndFailThemWhenTheirSiloDies()
    {
        string[] nodes = ["fake-0001", "fake-0002", "fake-0003"];
        await Poll.UntilAsync(() => kubectl!.RunAsync("get", "nodes", "--no-headers"),
            r => nodes.All(n => r.Stdout.Split('\n').Any(line => line.StartsWith(n + " ", StringComparison.Ordinal) && line.Contains(" Ready "))),
            Deadline, "three simulated nodes Ready");

        (await kubectl!.RunAsync("create", "deployment", "web", "--image=okube/busybox:1", "--replicas=6", "--", "sleep", "3600")).EnsureSuccess();
        await Poll.UntilAsync(() => kubectl.RunAsync("get", "pods", "--no-headers"),
            r => r.Stdout.Split('\n').Count(line => line.Contains(" Running ")) == 6, Deadline, "six pods Running");

        // Spreading puts two replicas on each node; the field selector finds them by node.
        foreach (var node in nodes)
        {
            var onNode = (await kubectl.RunAsync("get", "pods", "--no-headers", "--field-selector", $"spec.nodeName={node}")).EnsureSuccess();
            Assert.Equal(2, onNode.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }

        host!.Kill();
        await Poll.UntilAsync(() => kubectl.RunAsync("get", "nodes", "--no-headers"),
            r => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.Contains(" NotReady ")) == 3,
            Deadline, "the three nodes NotReady");
        // Each node's grain fails the pods bound to it; their ReplicaSet replaces them (Pending: no Ready node left).
        await Poll.UntilAsync(() => kubectl.RunAsync("get", "pods", "--no-headers"),
            r => !r.Stdout.Contains(" Running "), Deadline, "no pod Running any more");
    }
}
