using System.Globalization;
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

    private static string? Progressing(JsonObject? deployment, string field) =>
        (deployment?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(c => c["type"]?.GetValue<string>() == "Progressing")?[field]?.GetValue<string>();

    [Fact]
    public async Task A_rollout_started_after_the_deadline_has_passed_since_the_last_one_progresses_before_it_times_out()
    {
        var ns = await objects.NamespaceAsync("deploy-deadline");
        await objects.CreateAsync(ResourceKinds.Deployment, ns, """
            {"metadata":{"name":"web"},"spec":{"replicas":0,"progressDeadlineSeconds":1,"selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"okube/busybox:1"}]}}}}
            """);
        var done = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.Deployment, ns, "web"),
            d => Progressing(d, "reason") == "NewReplicaSetAvailable", "the empty rollout to complete");
        var finished = DateTimeOffset.Parse(Progressing(done, "lastUpdateTime")!, CultureInfo.InvariantCulture);
        // Let the deadline pass since the finished rollout's condition was written.
        await Objects.UntilAsync(() => Task.FromResult(DateTimeOffset.UtcNow), now => now > finished.AddSeconds(1.5), "the deadline to pass");

        await objects.MergePatchAsync(ResourceKinds.Deployment, ns, "web",
            """{"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"app","image":"okube/busybox:2"}]}}}}""");

        // kube starts the clock again for a new rollout; no pod becomes available here (no node), so it then times out.
        var rolling = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.Deployment, ns, "web"),
            d => Progressing(d, "reason") != "NewReplicaSetAvailable", "the new rollout's condition");
        Assert.Equal("ReplicaSetUpdated", Progressing(rolling, "reason"));
        Assert.Equal("True", Progressing(rolling, "status"));
        var timedOut = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.Deployment, ns, "web"),
            d => Progressing(d, "reason") == "ProgressDeadlineExceeded", "the stalled rollout to time out");
        Assert.Equal("False", Progressing(timedOut, "status"));
    }
}
