using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Tests;

/// <summary>DeploymentGrain on the in-process cluster: a template change rolls within maxSurge/maxUnavailable.</summary>
public sealed class DeploymentControllerTests(GrainClusterFixture cluster)
{
    private readonly Objects objects = new(cluster.Grains, cluster.Store);

    private static string Deployment(string image) => $$$"""
        {"metadata":{"name":"web"},"spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}},
         "strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},
         "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"{{{image}}}"}]} } } }
        """;

    private static int Replicas(JsonObject rs) => rs["spec"]!["replicas"]!.GetValue<int>();

    [Fact]
    public async Task A_new_template_surges_one_pod_and_keeps_every_old_one_until_new_pods_are_available()
    {
        var ns = await objects.NamespaceAsync("deploy-roll");
        await objects.CreateAsync(ResourceKinds.Deployment, ns, Deployment("okube/busybox:1"));
        await Objects.UntilAsync(() => objects.ListAsync(ResourceKinds.ReplicaSet, ns), s => s.Count == 1 && Replicas(s[0]) == 4, "first ReplicaSet at 4");

        await objects.MergePatchAsync(ResourceKinds.Deployment, ns, "web",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"okube/busybox:2"}]}}}}""");

        // No pod is ever available here (no node runs them), so with maxUnavailable 0 the rollout must stop at 4 + 1.
        var sets = await Objects.UntilAsync(() => objects.ListAsync(ResourceKinds.ReplicaSet, ns), s => s.Count == 2, "second ReplicaSet");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        sets = await objects.ListAsync(ResourceKinds.ReplicaSet, ns);
        var revisions = sets.ToDictionary(s => s["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"]!.GetValue<string>(), Replicas);
        Assert.Equal(4, revisions["1"]);
        Assert.Equal(1, revisions["2"]);
        var pods = await Objects.UntilAsync(() => objects.ListAsync(ResourceKinds.Pod, ns), p => p.Count == 5, "5 pods");
        Assert.Equal(5, pods.Count);
    }
}
