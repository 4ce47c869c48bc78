using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// autoscaling/v1 is served from the autoscaling/v2 storage, so `kubectl autoscale` (which posts v1 in protobuf)
/// works and v1 and v2 clients see the same object.
/// </summary>
[Trait("Category", "E2E")]
public sealed class AutoscalingV1Tests(ApiClusterFixture cluster)
{
    private const string Ns = "autoscale-v1";
    private Kubectl Kubectl => cluster.Kubectl;
    private string V1Url => $"{cluster.Silo.HttpUrl}/apis/autoscaling/v1/namespaces/{Ns}/horizontalpodautoscalers";

    [Fact]
    public async Task KubectlAutoscaleCreatesAnHpaThatBothVersionsShow()
    {
        (await Kubectl.RunAsync("create", "namespace", Ns)).EnsureSuccess();
        (await Kubectl.RunAsync("create", "deployment", "web", "-n", Ns, "--image=okube/busybox:1", "--", "sleep", "3600")).EnsureSuccess();

        var autoscaled = (await Kubectl.RunAsync("autoscale", "deployment", "web", "-n", Ns, "--cpu-percent=50", "--min=1", "--max=3")).EnsureSuccess();
        Assert.Contains("horizontalpodautoscaler.autoscaling/web autoscaled", autoscaled.Stdout);

        var v2Target = (await Kubectl.RunAsync("get", "hpa.v2.autoscaling", "web", "-n", Ns, "-o", "jsonpath={.spec.metrics[0].resource.target.averageUtilization}")).EnsureSuccess();
        Assert.Equal("50", v2Target.Stdout);
        var v1 = JsonNode.Parse((await Kubectl.RunAsync("get", "--raw", $"/apis/autoscaling/v1/namespaces/{Ns}/horizontalpodautoscalers/web")).EnsureSuccess().Stdout)!;
        Assert.Equal("autoscaling/v1", v1["apiVersion"]!.GetValue<string>());
        Assert.Equal(50, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
        Assert.Null(v1["spec"]!["metrics"]);

        // A v1 merge patch applies to the v1 shape and lands in the stored v2 object.
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{V1Url}/web")
        {
            Content = new StringContent("""{"spec":{"maxReplicas":5,"targetCPUUtilizationPercentage":65}}""", Encoding.UTF8),
        };
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        using var patched = await ClusterCredentials.Http.SendAsync(patch, TestContext.Current.CancellationToken);
        Assert.True(patched.IsSuccessStatusCode, await patched.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var printed = (await Kubectl.RunAsync("get", "hpa", "web", "-n", Ns)).EnsureSuccess();
        Assert.Matches(@"web\s+Deployment/web\s+cpu: .*/65%\s+1\s+5\s", printed.Stdout);

        // Strict field validation applies to the v1 shape, and a refused body changes nothing.
        using var bogus = await ClusterCredentials.Http.PostAsync($"{V1Url}?fieldValidation=Strict", new StringContent(
            """{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"bogus"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":2,"maxReplica":3}}""",
            Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(400, (int)bogus.StatusCode);
        Assert.Contains("unknown field \\\"spec.maxReplica\\\"", await bogus.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "hpa", "bogus", "-n", Ns)).Stderr);
    }

    [Fact]
    public async Task DiscoveryServesBothVersionsAndPrefersV2()
    {
        var group = JsonNode.Parse((await Kubectl.RunAsync("get", "--raw", "/apis/autoscaling")).EnsureSuccess().Stdout)!;
        Assert.Equal("autoscaling/v2", group["preferredVersion"]!["groupVersion"]!.GetValue<string>());
        Assert.Equal(["autoscaling/v2", "autoscaling/v1"], group["versions"]!.AsArray().Select(v => v!["groupVersion"]!.GetValue<string>()));
        var resources = (await Kubectl.RunAsync("api-resources", "--api-group=autoscaling")).EnsureSuccess();
        Assert.Matches(@"horizontalpodautoscalers\s+hpa\s+autoscaling/v2\s+true\s+HorizontalPodAutoscaler", resources.Stdout);
    }
}
