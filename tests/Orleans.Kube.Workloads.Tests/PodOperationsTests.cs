using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>kubectl logs, exec, cordon and drain against real containers; init containers run first.</summary>
[Trait("Category", "E2E")]
public sealed class PodOperationsTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private Kubectl Kubectl => cluster.Kubectl;

    private static string Pod(string ns, string name, string? node = null) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
        ["spec"] = new JsonObject
        {
            ["terminationGracePeriodSeconds"] = 2,
            ["nodeSelector"] = node is null ? null : new JsonObject { ["kubernetes.io/hostname"] = node },
            ["initContainers"] = new JsonArray(new JsonObject
            {
                ["name"] = "prepare",
                ["image"] = TwoNodeClusterFixture.Image1,
                ["command"] = new JsonArray("sh", "-c", "echo prepared"),
            }),
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "main",
                ["image"] = TwoNodeClusterFixture.Image1,
                ["command"] = new JsonArray("sh", "-c", "echo started as $POD_NAME; sleep 3600"),
                ["env"] = new JsonArray(new JsonObject
                {
                    ["name"] = "POD_NAME",
                    ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } },
                }),
            }),
        },
    }.ToJsonString();

    [Fact]
    public async Task LogsAndExecReachTheContainerAfterItsInitContainer()
    {
        var ns = await NamespaceAsync("ops");
        (await Kubectl.RunAsync(["apply", "-f", "-"], Pod(ns, "worker"))).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", "worker", "-n", ns)).Stdout.Contains("Running"), Converge, "the pod to run");

        var logs = await Poll.UntilAsync(() => Kubectl.RunAsync("logs", "worker", "-n", ns), r => r.Stdout.Contains("started as worker"), Converge, "the log line");
        Assert.Equal(0, logs.ExitCode);
        var initLogs = (await Kubectl.RunAsync("logs", "worker", "-n", ns, "-c", "prepare")).EnsureSuccess();
        Assert.Contains("prepared", initLogs.Stdout);

        var exec = await Kubectl.RunAsync("exec", "worker", "-n", ns, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, exec.ExitCode);
        Assert.Contains("out", exec.Stdout);
        Assert.Contains("err", exec.Stderr);
        var piped = await Kubectl.RunAsync(["exec", "-i", "worker", "-n", ns, "--", "cat"], "through stdin\n");
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("through stdin\n", piped.Stdout);
    }

    [Fact]
    public async Task CordonAndDrainMoveWorkOffANode()
    {
        var ns = await NamespaceAsync("drain");
        (await Kubectl.RunAsync(["apply", "-f", "-"], Pod(ns, "drain-me", cluster.NodeBName))).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", "drain-me", "-n", ns)).Stdout.Contains("Running"), Converge, "the pod to run on node B");

        (await Kubectl.RunAsync("cordon", cluster.NodeBName)).EnsureSuccess();
        try
        {
            var nodes = (await Kubectl.RunAsync("get", "node", cluster.NodeBName)).EnsureSuccess();
            Assert.Contains("Ready,SchedulingDisabled", nodes.Stdout);
            // The selector keeps the drain to this test's pod: other tests share node B, and their pods
            // (some with emptyDir volumes drain refuses by default) are not this test's to evict.
            var drained = (await Kubectl.RunAsync(["drain", cluster.NodeBName, "--pod-selector=app=drain-me", "--ignore-daemonsets", "--force", "--timeout=60s"], null, timeout: TimeSpan.FromSeconds(90))).EnsureSuccess();
            Assert.Contains($"node/{cluster.NodeBName} drained", drained.Stdout);
            await Poll.UntilAsync(async () => (await Docker.ContainersAsync(new Dictionary<string, string> { ["okube.pod.namespace"] = ns }, all: true)).Count == 0,
                Converge, "the drained pod's containers to be removed");
        }
        finally
        {
            (await Kubectl.RunAsync("uncordon", cluster.NodeBName)).EnsureSuccess();
        }
    }

    [Fact]
    public async Task AFailingLivenessProbeRestartsTheContainerAndPreviousLogsShowTheOldRun()
    {
        var ns = await NamespaceAsync("live");
        (await Kubectl.RunAsync("create", "configmap", "settings", "-n", ns, "--from-literal=greeting=hello-from-configmap")).EnsureSuccess();
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "flaky", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = TwoNodeClusterFixture.Image1,
                    // Healthy for two seconds, then the liveness file disappears.
                    ["command"] = new JsonArray("sh", "-c", "echo run $GREETING; touch /tmp/healthy; sleep 2; rm /tmp/healthy; sleep 3600"),
                    ["env"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "GREETING",
                        ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = "settings", ["key"] = "greeting" } },
                    }),
                    ["resources"] = new JsonObject { ["limits"] = new JsonObject { ["memory"] = "64Mi" } },
                    ["livenessProbe"] = new JsonObject
                    {
                        ["exec"] = new JsonObject { ["command"] = new JsonArray("test", "-f", "/tmp/healthy") },
                        ["initialDelaySeconds"] = 1,
                        ["periodSeconds"] = 1,
                        ["failureThreshold"] = 2,
                    },
                }),
            },
        };
        (await Kubectl.RunAsync(["apply", "-f", "-"], pod.ToJsonString())).EnsureSuccess();

        await Poll.UntilAsync(async () =>
        {
            var json = JsonNode.Parse((await Kubectl.RunAsync("get", "pod", "flaky", "-n", ns, "-o", "json")).Stdout);
            return json?["status"]?["containerStatuses"]?[0]?["restartCount"]?.GetValue<int>() >= 1;
        }, Converge, "a liveness restart");
        var previous = await Poll.UntilAsync(() => Kubectl.RunAsync("logs", "flaky", "-n", ns, "--previous"),
            r => r.Stdout.Contains("run hello-from-configmap"), Converge, "the previous run's log");
        Assert.Equal(0, previous.ExitCode);
        var events = (await Kubectl.RunAsync("get", "events", "-n", ns)).EnsureSuccess();
        Assert.Contains("Liveness probe failed", events.Stdout);

        var ids = await Docker.ContainersAsync(new Dictionary<string, string> { ["okube.pod.namespace"] = ns });
        var memory = await Docker.MemoryLimitAsync(ids[0]);
        Assert.Equal(64L * 1024 * 1024, memory);
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..5]}";
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }
}
