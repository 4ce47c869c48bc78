using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>nodes/NAME/proxy with the real kubectl: the node agent answers the kubelet's read endpoints.</summary>
[Trait("Category", "E2E")]
public sealed class NodeProxyTests(ApiClusterFixture cluster)
{
    private const string Node = "api-node";

    private Task<Kubectl.Result> RawAsync(string path) => cluster.Kubectl.RunAsync("get", "--raw", $"/api/v1/nodes/{path}");

    [Fact]
    public async Task TheNodeAgentAnswersKubeletsHealthMetricsSummaryAndPods()
    {
        Assert.Equal("ok", (await RawAsync($"{Node}/proxy/healthz")).EnsureSuccess().Stdout.Trim());

        // Once the agent has sampled, the resource metrics carry the node's real counters and no scrape error.
        var metrics = await Poll.UntilAsync(async () => (await RawAsync($"{Node}/proxy/metrics/resource")).EnsureSuccess().Stdout,
            text => text.Contains("resource_scrape_error 0"), TimeSpan.FromSeconds(30), "a usage sample");
        var nodeCpu = metrics.Split('\n').Single(l => l.StartsWith("node_cpu_usage_seconds_total ", StringComparison.Ordinal));
        Assert.True(double.Parse(nodeCpu.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) > 0, nodeCpu);
        Assert.Contains("# TYPE node_memory_working_set_bytes gauge", metrics);

        var summary = JsonNode.Parse((await RawAsync($"{Node}:10250/proxy/stats/summary")).EnsureSuccess().Stdout)!;
        Assert.Equal(Node, (string?)summary["node"]!["nodeName"]);
        Assert.True(summary["node"]!["memory"]!["workingSetBytes"]!.GetValue<long>() > 0);
        Assert.Equal("PodList", (string?)JsonNode.Parse((await RawAsync($"{Node}/proxy/pods")).EnsureSuccess().Stdout)!["kind"]);

        var unknown = await RawAsync($"{Node}/proxy/configz");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("the server could not find the requested resource", unknown.Stderr);
        var missing = await RawAsync("no-such-node/proxy/healthz");
        Assert.Contains("nodes \"no-such-node\" not found", missing.Stderr);
    }
}
