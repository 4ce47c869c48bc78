using k8s.Models;
using Orleans.Kube.Sdk;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>The typed grain SDK: apply, get, list, watch and delete without HTTP.</summary>
[Trait("Category", "E2E")]
public sealed class SdkTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task ApplyGetListWatchDeleteWorkThroughGrains()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await OKubeClient.ConnectAsync(cluster.Database, OKubeClientCredentials.FromKubeconfig(cluster.Kubectl.KubeconfigPath), cancellationToken: ct);
        var namespaces = client.Resources<V1Namespace>();
        var maps = client.Resources<V1ConfigMap>();
        await namespaces.ApplyAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "sdk" } });

        var applied = await maps.ApplyAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "sdk", Labels = new Dictionary<string, string> { ["tier"] = "a" } },
            Data = new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" },
        });
        Assert.False(string.IsNullOrEmpty(applied.Metadata.Uid));

        // Re-applying without "y" removes it: this manager owned it.
        await maps.ApplyAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "sdk", Labels = new Dictionary<string, string> { ["tier"] = "a" } },
            Data = new Dictionary<string, string> { ["x"] = "3" },
        });
        var fetched = await maps.GetAsync("settings", "sdk");
        Assert.Equal(new Dictionary<string, string> { ["x"] = "3" }, fetched!.Data);

        var (items, revision) = await maps.ListAsync("sdk", labelSelector: "tier=a");
        Assert.Equal(["settings"], items.Select(i => i.Metadata.Name));

        using var watchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        watchCts.CancelAfter(TimeSpan.FromSeconds(30));
        var deletedSeen = Task.Run(async () =>
        {
            await foreach (var (type, obj) in maps.WatchAsync("sdk", fromRevision: revision, cancellationToken: watchCts.Token))
                if (type == "Deleted" && obj.Metadata.Name == "settings")
                    return true;
            return false;
        }, ct);
        await maps.DeleteAsync("settings", "sdk");
        Assert.True(await deletedSeen);
        Assert.Null(await maps.GetAsync("settings", "sdk"));

        var missing = await Assert.ThrowsAsync<KubeApiException>(() => maps.DeleteAsync("settings", "sdk"));
        Assert.Equal(404, missing.Code);
        Assert.Equal("NotFound", missing.Reason);
    }
}
