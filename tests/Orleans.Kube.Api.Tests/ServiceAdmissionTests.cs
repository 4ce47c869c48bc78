using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>Service addresses and ports come from the pools, are never handed out twice, stay fixed, and are released on delete.</summary>
[Trait("Category", "E2E")]
public sealed class ServiceAdmissionTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    private static string Service(string name, string ns, string extraSpec = "") => $$$"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}"},
         "spec":{"selector":{"app":"x"},"ports":[{"port":80}]{{{extraSpec}}}}}
        """;

    private async Task<JsonNode> GetAsync(string name, string ns) =>
        JsonNode.Parse((await Kubectl.RunAsync("get", "service", name, "-n", ns, "-o", "json")).EnsureSuccess().Stdout)!;

    [Fact]
    public async Task ClusterIpsAreAllocatedOnceKeptAndReleased()
    {
        var ns = $"svc-{Guid.NewGuid():N}"[..11];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await Kubectl.RunAsync(["apply", "-f", "-"], Service("a", ns))).EnsureSuccess();
        var ip = (await GetAsync("a", ns))["spec"]!["clusterIP"]!.GetValue<string>();
        Assert.StartsWith("127.77.", ip);

        // The same address cannot be requested twice, nor one outside the range; neither write changes anything.
        var taken = await Kubectl.RunAsync(["create", "-f", "-"], Service("b", ns, $$$""","clusterIP":"{{{ip}}}" """));
        Assert.NotEqual(0, taken.ExitCode);
        Assert.Contains("provided IP is already allocated", taken.Stderr);
        var outside = await Kubectl.RunAsync(["create", "-f", "-"], Service("b", ns, ""","clusterIP":"10.0.0.1" """));
        Assert.Contains("provided IP is not in the valid range", outside.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "service", "b", "-n", ns)).ExitCode);

        // Re-applying keeps the address; changing it is refused.
        (await Kubectl.RunAsync(["apply", "-f", "-"], Service("a", ns, ""","sessionAffinity":"ClientIP" """))).EnsureSuccess();
        var updated = await GetAsync("a", ns);
        Assert.Equal(ip, updated["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal(10800, updated["spec"]!["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]!.GetValue<int>());
        var moved = await Kubectl.RunAsync("patch", "service", "a", "-n", ns, "-p", """{"spec":{"clusterIP":"127.77.0.9","clusterIPs":["127.77.0.9"]}}""");
        Assert.Contains("may not change once set", moved.Stderr);

        // Deleting the service frees its address for someone who asks for it.
        (await Kubectl.RunAsync("delete", "service", "a", "-n", ns)).EnsureSuccess();
        (await Kubectl.RunAsync(["create", "-f", "-"], Service("b", ns, $$$""","clusterIP":"{{{ip}}}" """))).EnsureSuccess();
    }

    [Fact]
    public async Task NodePortsAreAllocatedInRangeAndNotTwice()
    {
        var ns = $"np-{Guid.NewGuid():N}"[..10];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await Kubectl.RunAsync(["apply", "-f", "-"], Service("a", ns, ""","type":"NodePort" """))).EnsureSuccess();
        var port = (await GetAsync("a", ns))["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();
        Assert.InRange(port, 30000, 32767);

        var taken = await Kubectl.RunAsync(["create", "-f", "-"],
            $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"b","namespace":"{{{ns}}}"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":{{{port}}}}]}}""");
        Assert.Contains("provided port is already allocated", taken.Stderr);

        // Back to ClusterIP: as in kube, the node port must be cleared in the same patch; it is then free again.
        var kept = await Kubectl.RunAsync("patch", "service", "a", "-n", ns, "-p", """{"spec":{"type":"ClusterIP"}}""");
        Assert.Contains("may not be used when `type` is 'ClusterIP'", kept.Stderr);
        (await Kubectl.RunAsync("patch", "service", "a", "-n", ns, "-p", """{"spec":{"type":"ClusterIP","ports":[{"port":80,"nodePort":null}]}}""")).EnsureSuccess();
        Assert.Null((await GetAsync("a", ns))["spec"]!["ports"]![0]!["nodePort"]);
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync(["create", "-f", "-"],
                $$$"""{"apiVersion":"v1","kind":"Service","metadata":{"name":"b","namespace":"{{{ns}}}"},"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":{{{port}}}}]}}""")).ExitCode == 0,
            TimeSpan.FromSeconds(30), "the released node port to be free");
    }
}
