using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Tests;

/// <summary>StatefulSetGrain on the in-process cluster: ordered start with a claim per pod, scale-down from the top, partitioned updates.</summary>
public sealed class StatefulSetControllerTests(GrainClusterFixture cluster)
{
    private readonly Objects objects = new(cluster.Grains, cluster.Store);

    private static string StatefulSet(string name, int replicas, string policy = "OrderedReady", string retention = "Retain") => """
        {"metadata":{"name":"NAME"},"spec":{"replicas":REPLICAS,"serviceName":"NAME","podManagementPolicy":"POLICY",
         "persistentVolumeClaimRetentionPolicy":{"whenDeleted":"RETENTION","whenScaled":"RETENTION"},
         "selector":{"matchLabels":{"app":"NAME"}},
         "template":{"metadata":{"labels":{"app":"NAME"}},"spec":{"containers":[CONTAINER]}},
         "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"","resources":{"requests":{"storage":"1Gi"}}}}]}}
        """.Replace("NAME", name).Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("POLICY", policy).Replace("RETENTION", retention).Replace("CONTAINER", Objects.Container);

    private async Task<List<string>> PodNames(string ns) =>
        [.. (await objects.ListAsync(ResourceKinds.Pod, ns)).Where(p => p.DeletionTimestamp() is null).Select(p => p.Name()!).Order()];

    private Task MarkReadyAsync(string ns, string pod) =>
        cluster.Grains.GetGrain<IPodGrain>(ResourceGrains.Key(ns, pod)).ReportStatus(
            """{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}""");

    [Fact]
    public async Task OrderedReady_starts_each_pod_after_the_one_below_is_ready_each_with_its_own_claim()
    {
        var ns = await objects.NamespaceAsync("sts-ordered");
        Assert.Equal(201, (await objects.CreateAsync(ResourceKinds.StatefulSet, ns, StatefulSet("web", 3))).Code);

        await Objects.UntilAsync(() => PodNames(ns), p => p.SequenceEqual(["web-0"]), "web-0 alone");
        var pod = (await objects.GetAsync(ResourceKinds.Pod, ns, "web-0"))!;
        Assert.Equal("web-0", pod["spec"]!["hostname"]!.GetValue<string>());
        Assert.Equal("web", pod["spec"]!["subdomain"]!.GetValue<string>());
        Assert.Equal("data-web-0", pod["spec"]!["volumes"]![0]!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        Assert.Equal("0", pod.Labels()["apps.kubernetes.io/pod-index"]);
        var claim = (await objects.GetAsync(ResourceKinds.PersistentVolumeClaim, ns, "data-web-0"))!;
        Assert.Equal("web", claim.Labels()["app"]);
        Assert.Null(claim["metadata"]!["ownerReferences"]); // whenDeleted=Retain: the claim outlives the set

        // Nothing more while web-0 is not ready.
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(["web-0"], await PodNames(ns));

        await MarkReadyAsync(ns, "web-0");
        await Objects.UntilAsync(() => PodNames(ns), p => p.SequenceEqual(["web-0", "web-1"]), "web-1 after web-0 is ready");
        await MarkReadyAsync(ns, "web-1");
        await Objects.UntilAsync(() => PodNames(ns), p => p.Count == 3, "web-2 after web-1 is ready");
        await MarkReadyAsync(ns, "web-2");
        var set = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.StatefulSet, ns, "web"),
            s => s!["status"]?["readyReplicas"]?.GetValue<int>() == 3, "3 ready replicas");
        Assert.Equal(set!["status"]!["updateRevision"]!.GetValue<string>(), set["status"]!["currentRevision"]!.GetValue<string>());

        // Scale to 1: web-2 goes first, then web-1; their claims stay (whenScaled=Retain).
        await objects.MergePatchAsync(ResourceKinds.StatefulSet, ns, "web", """{"spec":{"replicas":1}}""");
        await Objects.UntilAsync(() => PodNames(ns), p => p.SequenceEqual(["web-0"]), "scaled to web-0");
        var claims = (await objects.ListAsync(ResourceKinds.PersistentVolumeClaim, ns)).Select(c => c.Name()).Order();
        Assert.Equal(["data-web-0", "data-web-1", "data-web-2"], claims);
    }

    [Fact]
    public async Task A_partitioned_rolling_update_replaces_only_the_pods_at_or_above_the_partition()
    {
        var ns = await objects.NamespaceAsync("sts-partition");
        await objects.CreateAsync(ResourceKinds.StatefulSet, ns, StatefulSet("db", 3, "Parallel"));
        await Objects.UntilAsync(() => PodNames(ns), p => p.Count == 3, "3 pods at once");
        foreach (var name in new[] { "db-0", "db-1", "db-2" })
            await MarkReadyAsync(ns, name);
        var before = (await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.StatefulSet, ns, "db"),
            s => s!["status"]?["readyReplicas"]?.GetValue<int>() == 3, "ready"))!["status"]!["currentRevision"]!.GetValue<string>();

        await objects.MergePatchAsync(ResourceKinds.StatefulSet, ns, "db",
            """{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}},"template":{"metadata":{"annotations":{"v":"2"}}}}}""");
        var updated = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.Pod, ns, "db-2"),
            p => p is not null && p.Labels()["controller-revision-hash"] != before, "db-2 at the new revision");
        await MarkReadyAsync(ns, "db-2");
        var set = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.StatefulSet, ns, "db"),
            s => s!["status"]?["updatedReplicas"]?.GetValue<int>() == 1 && s["status"]?["readyReplicas"]?.GetValue<int>() == 3, "one updated");
        Assert.Equal(updated!.Labels()["controller-revision-hash"], set!["status"]!["updateRevision"]!.GetValue<string>());
        Assert.Equal(before, set["status"]!["currentRevision"]!.GetValue<string>());
        foreach (var name in new[] { "db-0", "db-1" })
            Assert.Equal(before, (await objects.GetAsync(ResourceKinds.Pod, ns, name))!.Labels()["controller-revision-hash"]);
        Assert.Equal(2, (await objects.ListAsync(ResourceKinds.ControllerRevision, ns)).Count);
    }

    private async Task<List<string>> ClaimNames(string ns) =>
        [.. (await objects.ListAsync(ResourceKinds.PersistentVolumeClaim, ns)).Where(c => c.DeletionTimestamp() is null).Select(c => c.Name()!).Order()];

    [Fact]
    public async Task Claims_are_kept_when_the_set_goes_unless_the_retention_policy_says_Delete()
    {
        var ns = await objects.NamespaceAsync("sts-retention");
        await objects.CreateAsync(ResourceKinds.StatefulSet, ns, StatefulSet("keep", 2, "Parallel"));
        await objects.CreateAsync(ResourceKinds.StatefulSet, ns, StatefulSet("drop", 2, "Parallel", "Delete"));
        await Objects.UntilAsync(() => ClaimNames(ns), c => c.Count == 4, "4 claims");
        var drop = (await objects.GetAsync(ResourceKinds.PersistentVolumeClaim, ns, "data-drop-1"))!;
        Assert.Equal("drop", drop["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>());

        // whenScaled=Delete: the condemned pod's claim goes with it.
        await objects.MergePatchAsync(ResourceKinds.StatefulSet, ns, "drop", """{"spec":{"replicas":1}}""");
        await Objects.UntilAsync(() => ClaimNames(ns), c => c.SequenceEqual(["data-drop-0", "data-keep-0", "data-keep-1"]), "data-drop-1 deleted with its pod");

        // Deleting the sets: Retain keeps the claims, whenDeleted=Delete cascades to them.
        foreach (var name in new[] { "keep", "drop" })
            await objects.Grain(ResourceKinds.StatefulSet, ns, name).Delete(DeleteRequest.Default);
        await Objects.UntilAsync(() => ClaimNames(ns), c => c.SequenceEqual(["data-keep-0", "data-keep-1"]), "only the retained claims left");
        await Objects.UntilAsync(() => PodNames(ns), p => p.Count == 0, "pods gone");
    }
}
