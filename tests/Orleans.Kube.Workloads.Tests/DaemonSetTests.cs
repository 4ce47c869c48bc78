using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>A DaemonSet across the fixture's two nodes and a third worker silo that joins.</summary>
[Trait("Category", "E2E")]
public sealed class DaemonSetTests(TwoNodeClusterFixture cluster, ITestOutputHelper output)
{
    private Kubectl Kubectl => cluster.Kubectl;

    private static string DaemonSet(string ns, string name) => new JsonObject
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "DaemonSet",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["terminationGracePeriodSeconds"] = 1,
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "agent", ["image"] = TwoNodeClusterFixture.Image1, ["command"] = new JsonArray("sleep", "3600") }),
                },
            },
        },
    }.ToJsonString();

    private async Task<Dictionary<string, JsonObject>> PodsByNodeAsync(string ns, string app) =>
        (await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", $"app={app}"))
            .Where(p => p.Str("metadata", "deletionTimestamp") is null && p.Str("spec", "nodeName") is not null)
            .GroupBy(p => p.Str("spec", "nodeName")!).ToDictionary(g => g.Key, g => g.First());

    private async Task RolloutStatusAsync(string ns, string ds) =>
        (await Kubectl.RunAsync(["rollout", "status", $"ds/{ds}", "-n", ns, "--timeout=90s"], null, timeout: TimeSpan.FromSeconds(100))).EnsureSuccess();

    [Fact]
    public async Task OnePodPerNodeJoiningNodeCordonTaintRollingUpdateAndUndo()
    {
        var ns = await Kubectl.NamespaceAsync("ds");
        await Kubectl.ApplyAsync(DaemonSet(ns, "agent"));
        await RolloutStatusAsync(ns, "agent");
        var pods = await PodsByNodeAsync(ns, "agent");
        Assert.Equal([cluster.NodeAName, cluster.NodeBName], pods.Keys.Order());
        // Pinned as kube pins daemon pods: a required node affinity on metadata.name.
        Assert.Contains("\"metadata.name\"", pods[cluster.NodeAName]["spec"]!["affinity"]!.ToJsonString());

        // A third worker silo joins: it gets its pod within seconds.
        var nodeC = $"node-c-{Guid.NewGuid().ToString("N")[..6]}";
        var silo = SiloProcess.Start(cluster.Database, nodeC, "worker", "--Nodes:GracePeriodSeconds=6", "--Nodes:HeartbeatSeconds=1");
        try
        {
            await silo.WaitReadyAsync();
            var joined = Stopwatch.StartNew();
            await Poll.UntilAsync(async () => (await PodsByNodeAsync(ns, "agent")).TryGetValue(nodeC, out var pod) && pod.Str("status", "phase") == "Running",
                TimeSpan.FromSeconds(30), "a running daemon pod on the new node");
            output.WriteLine($"node silo ready -> daemon pod Running: {joined.ElapsedMilliseconds} ms");
            Assert.True(joined.Elapsed < TimeSpan.FromSeconds(10), $"took {joined.Elapsed}");

            // Cordoning keeps the pod (kube's automatic unschedulable toleration).
            (await Kubectl.RunAsync("cordon", nodeC)).EnsureSuccess();
            // A tainted node without a toleration gets no pod of a new DaemonSet.
            (await Kubectl.RunAsync("taint", "node", cluster.NodeBName, "dedicated=db:NoSchedule")).EnsureSuccess();
            try
            {
                await Kubectl.ApplyAsync(DaemonSet(ns, "other"));
                await Poll.UntilAsync(async () => (await PodsByNodeAsync(ns, "other")).Count == 2, TimeSpan.FromSeconds(30), "the second DaemonSet on two nodes");
                Assert.DoesNotContain(cluster.NodeBName, (await PodsByNodeAsync(ns, "other")).Keys);
                var ds = await Kubectl.GetJsonAsync("get", "ds/agent", "-n", ns);
                Assert.Equal("3", ds.Str("status", "desiredNumberScheduled"));
                Assert.Matches(@"agent\s+3\s+3\s+3\s+3\s+3\s+<none>", (await Kubectl.RunAsync("get", "ds", "-n", ns)).EnsureSuccess().Stdout);
            }
            finally
            {
                await Kubectl.RunAsync("taint", "node", cluster.NodeBName, "dedicated=db:NoSchedule-");
                await Kubectl.RunAsync("uncordon", nodeC);
            }

            // set image rolls node by node (maxUnavailable 1); rollout status reports progress; undo returns.
            // The DaemonSet's change-cause at the time of the change names the new revision in rollout history.
            (await Kubectl.RunAsync("annotate", "ds/agent", "kubernetes.io/change-cause=to image 2", "-n", ns)).EnsureSuccess();
            (await Kubectl.RunAsync("set", "image", "ds/agent", $"agent={TwoNodeClusterFixture.Image2}", "-n", ns)).EnsureSuccess();
            var rollout = await Kubectl.RunAsync(["rollout", "status", "ds/agent", "-n", ns, "--timeout=120s"], null, timeout: TimeSpan.FromSeconds(130));
            rollout.EnsureSuccess();
            Assert.Contains("new pods have been updated", rollout.Stdout);
            Assert.Contains("successfully rolled out", rollout.Stdout);
            Assert.All((await PodsByNodeAsync(ns, "agent")).Values, p => Assert.Equal(TwoNodeClusterFixture.Image2, p["spec"]!["containers"]![0]!.Str("image")));
            var history = (await Kubectl.RunAsync("rollout", "history", "ds/agent", "-n", ns)).EnsureSuccess().Stdout;
            Assert.Matches(@"1\s+<none>\s*\n2\s+to image 2", history);

            (await Kubectl.RunAsync("rollout", "undo", "ds/agent", "-n", ns)).EnsureSuccess();
            await RolloutStatusAsync(ns, "agent");
            await Poll.UntilAsync(async () => (await PodsByNodeAsync(ns, "agent")).Values.All(p => p["spec"]!["containers"]![0]!.Str("image") == TwoNodeClusterFixture.Image1),
                TimeSpan.FromSeconds(60), "every daemon pod back on the first image");
        }
        finally
        {
            await silo.DisposeAsync();
            await Docker.RemoveAsync(await Docker.ContainersAsync(new Dictionary<string, string> { ["okube.node"] = nodeC }, all: true));
            await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false");
            await Kubectl.RunAsync("delete", "node", nodeC, "--wait=false");
        }
    }
}
