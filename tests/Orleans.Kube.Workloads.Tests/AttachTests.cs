using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>kubectl attach and run -i: the container's own stdin and stdout, through the WebSocket exec protocol.</summary>
[Trait("Category", "E2E")]
public sealed class AttachTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task RunInteractiveRoundTripsStdinKeepsEarlyOutputAndRemovesThePod()
    {
        var ns = await NamespaceAsync("run-i");
        // "early" is printed before kubectl attaches (it waits for Running first); cat then echoes stdin until it closes.
        var run = await Kubectl.RunAsync(
            ["run", "echo", "-n", ns, "-i", "--rm", "--restart=Never", $"--image={TwoNodeClusterFixture.Image1}", "--", "sh", "-c", "echo early; cat"],
            "through attach\nsecond line\n", timeout: TimeSpan.FromSeconds(120));

        Assert.True(run.ExitCode == 0, $"kubectl run -i failed ({run.ExitCode}): {run.Stdout} {run.Stderr}");
        Assert.StartsWith("early\nthrough attach\nsecond line\n", run.Stdout);
        Assert.Contains("pod \"echo\" deleted", run.Stdout);
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pods", "-n", ns, "-o", "name")).Stdout.Trim().Length == 0,
            Converge, "the --rm pod to be gone");
    }

    [Fact]
    public async Task AttachSendsStdinToTheRunningContainerAndEndsWithIt()
    {
        var ns = await NamespaceAsync("attach");
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "reader", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["restartPolicy"] = "Never",
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["image"] = TwoNodeClusterFixture.Image1,
                    ["command"] = new JsonArray("sh", "-c", "read line; echo got $line; echo to stderr >&2"),
                    ["stdin"] = true,
                }),
            },
        };
        (await Kubectl.RunAsync(["apply", "-f", "-"], pod.ToJsonString())).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", "reader", "-n", ns)).Stdout.Contains("Running"), Converge, "the pod to run");

        var attach = await Kubectl.RunAsync(["attach", "-i", "reader", "-n", ns], "hello\n", timeout: TimeSpan.FromSeconds(60));

        Assert.True(attach.ExitCode == 0, $"kubectl attach failed ({attach.ExitCode}): {attach.Stdout} {attach.Stderr}");
        Assert.Equal("got hello\n", attach.Stdout);
        Assert.Contains("to stderr", attach.Stderr);
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", "reader", "-n", ns)).Stdout.Contains("Completed"), Converge, "the pod to complete");

        var missing = await Kubectl.RunAsync(["attach", "nothere", "-n", ns], null, timeout: TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("pods \"nothere\" not found", missing.Stderr);
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..5]}";
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }
}
