using k8s;
using k8s.Models;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>The official C# KubernetesClient: create, list, watch, patch, delete.</summary>
[Trait("Category", "E2E")]
public sealed class OfficialClientTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task CreateListWatchPatchDeleteWork()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Kubectl.KubeconfigPath));
        var version = await client.Version.GetCodeAsync(ct);
        Assert.Equal("32", version.Minor);

        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "csharp" } }, cancellationToken: ct);
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "cfg", Labels = new Dictionary<string, string> { ["app"] = "demo" } },
            Data = new Dictionary<string, string> { ["k"] = "v1" },
        }, "csharp", cancellationToken: ct);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));

        var list = await client.CoreV1.ListNamespacedConfigMapAsync("csharp", labelSelector: "app=demo", cancellationToken: ct);
        Assert.Equal(["cfg"], list.Items.Select(i => i.Metadata.Name));

        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        watchCts.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new List<(WatchEventType, string)>();
        var watching = Task.Run(async () =>
        {
            try
            {
                // The selector leaves out kube-root-ca.crt, which the namespace gets at about the same time.
                await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync("csharp",
                    labelSelector: "app=demo", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: watchCts.Token))
                {
                    lock (seen) seen.Add((type, item.Data?["k"] ?? ""));
                    if (type == WatchEventType.Deleted)
                        return;
                }
            }
            catch (OperationCanceledException) { }
        }, ct);

        var patched = await client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"data":{"k":"v2"}}""", V1Patch.PatchType.MergePatch), "cfg", "csharp", cancellationToken: ct);
        Assert.Equal("v2", patched.Data["k"]);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("cfg", "csharp", cancellationToken: ct);
        await watching;
        lock (seen)
            Assert.Equal([(WatchEventType.Modified, "v2"), (WatchEventType.Deleted, "v2")], seen);

        var missing = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() =>
            client.CoreV1.ReadNamespacedConfigMapAsync("cfg", "csharp", cancellationToken: ct));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Response.StatusCode);
    }
}
