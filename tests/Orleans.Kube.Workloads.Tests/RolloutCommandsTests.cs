using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>kubectl rollout pause/resume/restart, revisionHistoryLimit and progressDeadlineSeconds.</summary>
[Trait("Category", "E2E")]
public sealed class RolloutCommandsTests(TwoNodeClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    private static string Deployment(string ns, string image, int historyLimit, int deadline, string? memory = null)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = image, ["command"] = new JsonArray("sleep", "3600") };
        if (memory is not null)
            container["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = memory } };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "app", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 1,
                ["revisionHistoryLimit"] = historyLimit,
                ["progressDeadlineSeconds"] = deadline,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "app" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "app" } },
                    ["spec"] = new JsonObject { ["terminationGracePeriodSeconds"] = 1, ["containers"] = new JsonArray(container) },
                },
            },
        }.ToJsonString();
    }

    [Fact]
    public async Task PauseResumeRestartAndHistoryLimitWork()
    {
        var ns = await NamespaceAsync("rollout");
        (await Kubectl.RunAsync(["apply", "-f", "-"], Deployment(ns, TwoNodeClusterFixture.Image1, historyLimit: 1, deadline: 600))).EnsureSuccess();
        await StatusAsync(ns);

        (await Kubectl.RunAsync("rollout", "pause", "deployment/app", "-n", ns)).EnsureSuccess();
        (await Kubectl.RunAsync("set", "image", "deployment/app", $"app={TwoNodeClusterFixture.Image2}", "-n", ns)).EnsureSuccess();
        // Paused: the template changed but no new ReplicaSet appears.
        var paused = (await Kubectl.RunAsync("get", "rs", "-n", ns, "-o", "name")).EnsureSuccess();
        Assert.Single(paused.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        (await Kubectl.RunAsync("rollout", "resume", "deployment/app", "-n", ns)).EnsureSuccess();
        await StatusAsync(ns);
        (await Kubectl.RunAsync("rollout", "restart", "deployment/app", "-n", ns)).EnsureSuccess();
        await StatusAsync(ns);

        // Three revisions so far; revisionHistoryLimit 1 keeps the current and one old ReplicaSet.
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "rs", "-n", ns, "-o", "name")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2,
            TimeSpan.FromSeconds(60), "old ReplicaSets pruned to the history limit");
        var history = (await Kubectl.RunAsync("rollout", "history", "deployment/app", "-n", ns)).EnsureSuccess();
        Assert.Matches(@"2\s+<none>\s*\n3\s+<none>", history.Stdout);
    }

    [Fact]
    public async Task ARolloutThatCannotProgressExceedsItsDeadline()
    {
        var ns = await NamespaceAsync("deadline");
        (await Kubectl.RunAsync(["apply", "-f", "-"], Deployment(ns, TwoNodeClusterFixture.Image1, historyLimit: 10, deadline: 3, memory: "4000Gi"))).EnsureSuccess();
        var status = await Kubectl.RunAsync(["rollout", "status", "deployment/app", "-n", ns, "--timeout=60s"], null, timeout: TimeSpan.FromSeconds(90));
        Assert.NotEqual(0, status.ExitCode);
        Assert.Contains("exceeded its progress deadline", status.Stderr);
    }

    private async Task StatusAsync(string ns) =>
        (await Kubectl.RunAsync(["rollout", "status", "deployment/app", "-n", ns, "--timeout=90s"], null, timeout: TimeSpan.FromSeconds(100))).EnsureSuccess();

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..5]}";
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }
}
