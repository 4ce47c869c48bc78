using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>Deployments become real containers on two nodes and stay at their declared count.</summary>
[Trait("Category", "E2E")]
public sealed class DeploymentOnDockerTests(TwoNodeClusterFixture cluster)
{
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(10));
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(180);
    private Kubectl Kubectl => cluster.Kubectl;

    private static string Deployment(string ns, int replicas, string image, string? memoryRequest = null)
    {
        var container = new JsonObject
        {
            ["name"] = "web",
            ["image"] = image,
            ["command"] = new JsonArray("httpd", "-f", "-p", "8080"),
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
            ["readinessProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = 8080 }, ["periodSeconds"] = 1 },
        };
        if (memoryRequest is not null)
            container["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = memoryRequest } };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
                    ["spec"] = new JsonObject { ["terminationGracePeriodSeconds"] = 2, ["containers"] = new JsonArray(container) },
                },
            },
        }.ToJsonString();
    }

    [Fact]
    public async Task ADeploymentRunsSpreadOverBothNodesAndSurvivesContainerAndNodeLoss()
    {
        var ns = await NamespaceAsync("spread");
        (await Kubectl.RunAsync(["apply", "-f", "-"], Deployment(ns, 6, TwoNodeClusterFixture.Image1))).EnsureSuccess();

        var pods = await WaitReadyAsync(ns, 6);
        var nodes = pods.GroupBy(p => p["spec"]!["nodeName"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, nodes.Count);
        Assert.Equal(6, (await RunningContainersAsync(ns)).Count);

        // A killed container is restarted by its node agent.
        var victim = pods[0];
        var containerId = victim["status"]!["containerStatuses"]![0]!["containerID"]!.GetValue<string>()["docker://".Length..];
        await Docker.KillAsync(containerId);
        await Poll.UntilAsync(async () =>
        {
            var pod = await GetAsync($"/api/v1/namespaces/{ns}/pods/{victim["metadata"]!["name"]}");
            return pod["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>() >= 1 && IsReady(pod);
        }, Converge, "the killed container to be restarted");
        Assert.Equal(6, (await RunningContainersAsync(ns)).Count);

        // kill -9 of a worker silo: its pods are replaced on the other node.
        var clock = Stopwatch.StartNew();
        cluster.NodeB.Kill();
        try
        {
            await Poll.UntilAsync(async () =>
            {
                var ready = await ReadyPodsAsync(ns);
                return ready.Count == 6 && ready.All(p => p["spec"]!["nodeName"]!.GetValue<string>() == cluster.NodeAName);
            }, Converge, "all six pods on the surviving node");
        }
        catch (TimeoutException ex)
        {
            var listing = string.Join("\n", (await AllPodsAsync(ns)).Select(p => $"{p["metadata"]!["name"]} {p["spec"]!["nodeName"]} {p["status"]!["phase"]} {p["status"]?["reason"]}"));
            var log = string.Join("\n", cluster.NodeA.Output.Split('\n').TakeLast(80));
            throw new TimeoutException($"{ex.Message}\npods:\n{listing}\nnode A log:\n{log}");
        }
        TestContext.Current.SendDiagnosticMessage($"failover after kill -9 of a worker silo took {clock.Elapsed.TotalSeconds:0.0} s");

        // The node comes back: its orphaned containers are removed, not adopted twice.
        cluster.NodeB = cluster.StartNodeB();
        await cluster.NodeB.WaitReadyAsync();
        await Poll.UntilAsync(async () => (await RunningContainersAsync(ns, cluster.NodeBName)).Count == 0 && (await RunningContainersAsync(ns)).Count == 6,
            Converge, "node B's orphaned containers to be removed");
        Assert.Equal(6, (await ReadyPodsAsync(ns)).Count);
    }

    [Fact]
    public async Task ARollingUpdateKeepsEnoughPodsReadyAndUndoReturnsToTheOldImage()
    {
        var ns = await NamespaceAsync("rolling");
        (await Kubectl.RunAsync(["apply", "-f", "-"], Deployment(ns, 4, TwoNodeClusterFixture.Image1))).EnsureSuccess();
        await WaitReadyAsync(ns, 4);

        (await Kubectl.RunAsync("set", "image", "deployment/web", $"web={TwoNodeClusterFixture.Image2}", "-n", ns)).EnsureSuccess();
        var minimumReady = int.MaxValue;
        await Poll.UntilAsync(async () =>
        {
            var ready = await ReadyPodsAsync(ns);
            minimumReady = Math.Min(minimumReady, ready.Count);
            return ready.Count == 4 && ready.All(p => Image(p) == TwoNodeClusterFixture.Image2) && (await AllPodsAsync(ns)).Count == 4;
        }, done => done, Converge, "the rollout to :2", TimeSpan.FromMilliseconds(100));
        // replicas 4, maxUnavailable 25% => at least 3 ready at every sample.
        Assert.True(minimumReady >= 3, $"only {minimumReady} pods were ready during the rollout");
        (await Kubectl.RunAsync(["rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"])).EnsureSuccess();

        var history = (await Kubectl.RunAsync("rollout", "history", "deployment/web", "-n", ns)).EnsureSuccess();
        Assert.Matches(@"1\s+<none>\s*\n2\s+<none>", history.Stdout);

        (await Kubectl.RunAsync("rollout", "undo", "deployment/web", "-n", ns)).EnsureSuccess();
        await Poll.UntilAsync(async () =>
        {
            var ready = await ReadyPodsAsync(ns);
            return ready.Count == 4 && ready.All(p => Image(p) == TwoNodeClusterFixture.Image1) && (await AllPodsAsync(ns)).Count == 4;
        }, Converge, "the undo back to :1");
    }

    [Fact]
    public async Task AnOverLargeMemoryRequestStaysPendingWithTheReason()
    {
        var ns = await NamespaceAsync("toolarge");
        (await Kubectl.RunAsync(["apply", "-f", "-"], Deployment(ns, 1, TwoNodeClusterFixture.Image1, memoryRequest: "4000Gi"))).EnsureSuccess();
        var pod = (await Poll.UntilAsync(() => AllPodsAsync(ns), pods => pods.Count == 1 && Condition(pods[0], "PodScheduled")?["reason"]?.GetValue<string>() == "Unschedulable",
            Converge, "the pod to be marked unschedulable"))[0];
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("0/2 nodes are available: 2 Insufficient memory.", Condition(pod, "PodScheduled")!["message"]!.GetValue<string>());
        var events = (await Kubectl.RunAsync("get", "events", "-n", ns)).EnsureSuccess();
        Assert.Contains("FailedScheduling", events.Stdout);
        Assert.Contains("Insufficient memory", events.Stdout);
    }

    [Fact]
    public async Task ScalingUpAndDownToZeroConvergesAndLeavesNoContainers()
    {
        var ns = await NamespaceAsync("scale");
        (await Kubectl.RunAsync(["apply", "-f", "-"], Deployment(ns, 6, TwoNodeClusterFixture.Image1))).EnsureSuccess();
        await WaitReadyAsync(ns, 6);
        (await Kubectl.RunAsync("scale", "deployment/web", "--replicas=20", "-n", ns)).EnsureSuccess();
        await WaitReadyAsync(ns, 20);
        Assert.Equal(20, (await RunningContainersAsync(ns)).Count);
        (await Kubectl.RunAsync("scale", "deployment/web", "--replicas=0", "-n", ns)).EnsureSuccess();
        await Poll.UntilAsync(async () => (await AllPodsAsync(ns)).Count == 0 && (await Docker.ContainersAsync(Labels(ns), all: true)).Count == 0,
            Converge, "no pods and no containers");

        (await Kubectl.RunAsync("delete", "namespace", ns)).EnsureSuccess();
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..5]}";
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }

    private async Task<List<JsonObject>> WaitReadyAsync(string ns, int count) =>
        await Poll.UntilAsync(() => ReadyPodsAsync(ns), pods => pods.Count == count, Converge, $"{count} ready pods in {ns}", TimeSpan.FromMilliseconds(500));

    private async Task<List<JsonObject>> ReadyPodsAsync(string ns) =>
        (await AllPodsAsync(ns)).Where(p => IsReady(p) && p["metadata"]!["deletionTimestamp"] is null).ToList();

    private async Task<List<JsonObject>> AllPodsAsync(string ns) =>
        (await GetAsync($"/api/v1/namespaces/{ns}/pods"))["items"]!.AsArray().Select(p => p!.AsObject()).ToList();

    private async Task<JsonObject> GetAsync(string path) =>
        JsonNode.Parse(await Http.GetStringAsync(cluster.NodeA.HttpUrl + path))!.AsObject();

    private static Dictionary<string, string> Labels(string ns, string? node = null)
    {
        var labels = new Dictionary<string, string> { ["okube.pod.namespace"] = ns };
        if (node is not null)
            labels["okube.node"] = node;
        return labels;
    }

    /// <summary>The pods' own containers (each pod also has a sandbox, labelled okube.init=sandbox).</summary>
    private static Task<IReadOnlyList<string>> RunningContainersAsync(string ns, string? node = null) =>
        Docker.ContainersAsync(new Dictionary<string, string>(Labels(ns, node)) { ["okube.init"] = "false" });

    private static bool IsReady(JsonObject pod) => Condition(pod, "Ready")?["status"]?.GetValue<string>() == "True";

    private static JsonObject? Condition(JsonObject pod, string type) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);

    private static string Image(JsonObject pod) => pod["spec"]!["containers"]![0]!["image"]!.GetValue<string>();
}
