using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Tests;

/// <summary>ReplicaSetGrain on the in-process cluster: pods created from the template, surplus ranked for deletion, status reported.</summary>
public sealed class ReplicaSetControllerTests(GrainClusterFixture cluster)
{
    private readonly Objects objects = new(cluster.Grains, cluster.Store);

    private static string ReplicaSet(string name, int replicas) => $$$"""
        {"metadata":{"name":"{{{name}}}"},"spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"{{{name}}}"}},
         "template":{"metadata":{"labels":{"app":"{{{name}}}"}},"spec":{"containers":[{{{Objects.Container}}}]} } } }
        """;

    private Task<List<JsonObject>> Pods(string ns) => objects.ListAsync(ResourceKinds.Pod, ns);

    [Fact]
    public async Task Scaling_up_creates_pods_it_controls_and_reports_them_in_status()
    {
        var ns = await objects.NamespaceAsync("rs-up");
        var rs = JsonNode.Parse((await objects.CreateAsync(ResourceKinds.ReplicaSet, ns, ReplicaSet("web", 3))).Body)!;

        var pods = await Objects.UntilAsync(() => Pods(ns), p => p.Count == 3, "3 pods");
        var status = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.ReplicaSet, ns, "web"),
            r => r!["status"]?["replicas"]?.GetValue<int>() == 3, "status.replicas 3");

        Assert.All(pods, p =>
        {
            Assert.StartsWith("web-", p.Name());
            Assert.Equal(rs["metadata"]!["uid"]!.GetValue<string>(), OwnerReferences.ControllerOf(p)!.Uid);
            Assert.Equal("web", p.Labels()["app"]);
        });
        Assert.Equal(1L, status!["status"]!["observedGeneration"]!.GetValue<long>());
    }

    [Fact]
    public async Task Scaling_down_deletes_unscheduled_then_not_ready_pods_and_keeps_the_ready_one()
    {
        var ns = await objects.NamespaceAsync("rs-down");
        // A registered node: pods bound to a node that does not exist are removed at once (nothing will stop them).
        await cluster.Store.PutAsync(ResourceKinds.Node.GroupResource, "", "node-a", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a"}}""", 0, [], TestContext.Current.CancellationToken);
        await objects.CreateAsync(ResourceKinds.ReplicaSet, ns, ReplicaSet("web", 3));
        var pods = await Objects.UntilAsync(() => Pods(ns), p => p.Count == 3, "3 pods");
        var (ready, notReady, unscheduled) = (pods[0].Name()!, pods[1].Name()!, pods[2].Name()!);
        foreach (var name in new[] { ready, notReady })
            Assert.Equal(200, (await cluster.Grains.GetGrain<IPodGrain>(ResourceGrains.Key(ns, name)).Bind("node-a")).Code);
        await cluster.Grains.GetGrain<IPodGrain>(ResourceGrains.Key(ns, ready)).ReportStatus(
            """{"phase":"Running","conditions":[{"type":"Ready","status":"True"}]}""");
        await cluster.Grains.GetGrain<IPodGrain>(ResourceGrains.Key(ns, notReady)).ReportStatus(
            """{"phase":"Running","conditions":[{"type":"Ready","status":"False"}]}""");

        await objects.MergePatchAsync(ResourceKinds.ReplicaSet, ns, "web", """{"spec":{"replicas":1}}""");

        // The unscheduled pod goes at once; the bound one waits for its node to stop it, marked for deletion.
        var after = await Objects.UntilAsync(() => Pods(ns),
            p => p.Count == 2 && p.Single(x => x.Name() == notReady).DeletionTimestamp() is not null, "two pods deleted");
        Assert.DoesNotContain(after, p => p.Name() == unscheduled);
        Assert.Null(after.Single(p => p.Name() == ready).DeletionTimestamp());
        await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.ReplicaSet, ns, "web"),
            r => r!["status"]?["replicas"]?.GetValue<int>() == 1 && r["status"]?["readyReplicas"]?.GetValue<int>() == 1, "status 1/1");
    }

    [Fact]
    public async Task A_settled_ReplicaSet_stops_querying_the_store_after_its_resync_window()
    {
        var ns = await objects.NamespaceAsync("rs-settled");
        // A 0-replica ReplicaSet, as a Deployment's history keeps: nothing to do once its status is written.
        var uid = JsonNode.Parse((await objects.CreateAsync(ResourceKinds.ReplicaSet, ns, ReplicaSet("history", 0))).Body)!["metadata"]!["uid"]!.GetValue<string>();
        await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.ReplicaSet, ns, "history"),
            r => r!["status"]?["observedGeneration"] is not null, "status written");

        // The fixture resyncs every 100 ms for 600 ms after the last signal; then it must stop.
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        var settled = cluster.Store.DependentListsOf(uid);
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        Assert.InRange(settled, 2, 20); // it did resync inside the window
        Assert.Equal(settled, cluster.Store.DependentListsOf(uid));

        // A signal (a write) wakes it again.
        await objects.MergePatchAsync(ResourceKinds.ReplicaSet, ns, "history", """{"spec":{"replicas":1}}""");
        await Objects.UntilAsync(() => Pods(ns), p => p.Count == 1, "1 pod after scaling up");
    }
}
