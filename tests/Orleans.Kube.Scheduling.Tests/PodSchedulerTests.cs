using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class PodSchedulerTests
{
    private readonly PodScheduler scheduler = new();

    [Fact]
    public void A_fitting_pod_is_placed_with_no_reason()
    {
        var placement = scheduler.Schedule(Pod("web"), [Node("n1")]);

        Assert.Equal("n1", placement.NodeName);
        Assert.Null(placement.Reason);
        Assert.True(placement.IsScheduled);
        Assert.Equal("web", placement.Pod.Name);
    }

    [Fact]
    public void Nodes_short_of_memory_are_counted_under_one_reason()
    {
        var placement = scheduler.Schedule(Pod(memory: 16 * Gi), [Node("n1"), Node("n2")]);

        Assert.Null(placement.NodeName);
        Assert.Equal("0/2 nodes are available: 2 Insufficient memory.", placement.Reason);
    }

    [Fact]
    public void Different_reasons_are_counted_and_sorted()
    {
        var nodes = new[] { Node("small", milliCpu: 500), Node("east", labels: Labels(("zone", "east"))), Node("none") };

        var placement = scheduler.Schedule(Pod(milliCpu: 1000, nodeSelector: Labels(("zone", "west"))), nodes);

        // "small" has the zone label missing too, but kube stops at the first failing filter: affinity runs before resources.
        Assert.Equal("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.", placement.Reason);

        var westSmall = Node("small", milliCpu: 500, labels: Labels(("zone", "west")));
        placement = scheduler.Schedule(Pod(milliCpu: 1000, nodeSelector: Labels(("zone", "west"))), [westSmall, nodes[1], nodes[2]]);

        Assert.Equal("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.", placement.Reason);
    }

    [Fact]
    public void Like_kube_the_count_is_part_of_the_sorted_text()
    {
        var nodes = new[] { Node("a", milliCpu: 100), Node("b", milliCpu: 100), Node("c", unschedulable: true) };

        var placement = scheduler.Schedule(Pod(milliCpu: 1000), nodes);

        Assert.Equal("0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.", placement.Reason);
    }

    [Fact]
    public void A_node_short_of_several_resources_counts_under_each()
    {
        var placement = scheduler.Schedule(Pod(milliCpu: 8000, memory: 16 * Gi), [Node("n1"), Node("n2", memory: 32 * Gi)]);

        Assert.Equal("0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu.", placement.Reason);
    }

    [Fact]
    public void Not_ready_and_tainted_nodes_use_kubes_taint_wording()
    {
        var nodes = new[] { Node("down", ready: false), Node("gpu", taints: [new Taint("gpu", "true", "NoSchedule")]) };

        var placement = scheduler.Schedule(Pod(), nodes);

        Assert.Equal(
            "0/2 nodes are available: 1 node(s) had untolerated taint {gpu: true}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.",
            placement.Reason);
    }

    [Fact]
    public void No_nodes_at_all_gives_kubes_no_nodes_message()
    {
        var placement = scheduler.Schedule(Pod(), []);

        Assert.Null(placement.NodeName);
        Assert.Equal("no nodes available to schedule pods", placement.Reason);
    }

    [Fact]
    public void Only_feasible_nodes_are_chosen()
    {
        var nodes = new[] { Node("a", unschedulable: true), Node("b", ready: false), Node("c", milliCpu: 50), Node("d", milliCpu: 200) };

        Assert.Equal("d", scheduler.Schedule(Pod(milliCpu: 100), nodes).NodeName);
    }

    [Fact]
    public void The_least_allocated_node_is_preferred()
    {
        var nodes = new[]
        {
            Node("a-busy", requested: new Resources(3000, 6 * Gi, 10)),
            Node("b-idle"),
            Node("c-half", requested: new Resources(2000, 4 * Gi, 5)),
        };

        Assert.Equal("b-idle", scheduler.Schedule(Pod(), nodes).NodeName);
    }

    [Fact]
    public void Equal_scores_go_to_the_lowest_node_name()
    {
        var nodes = new[] { Node("n3"), Node("n1"), Node("n2") };

        Assert.Equal("n1", scheduler.Schedule(Pod(), nodes).NodeName);
    }

    [Fact]
    public void A_batch_charges_each_placed_pod_so_the_node_is_not_overcommitted()
    {
        var pods = Enumerable.Range(1, 3).Select(i => Pod($"p{i}", milliCpu: 1000, memory: 0)).ToArray();

        var placements = scheduler.ScheduleBatch(pods, [Node("n1", milliCpu: 2000)]);

        Assert.Equal(["n1", "n1", null], placements.Select(p => p.NodeName));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", placements[2].Reason);
        Assert.Equal(["p1", "p2", "p3"], placements.Select(p => p.Pod.Name));
    }

    [Fact]
    public void A_batch_counts_pods_against_the_pod_limit()
    {
        var placements = scheduler.ScheduleBatch([Pod("a"), Pod("b")], [Node("n1", pods: 1)]);

        Assert.Equal("0/1 nodes are available: 1 Too many pods.", placements[1].Reason);
    }

    [Fact]
    public void A_batch_does_not_change_the_callers_snapshots()
    {
        var node = Node("n1");
        var nodes = new[] { node };

        scheduler.ScheduleBatch([Pod(owner: "rs"), Pod(owner: "rs")], nodes);

        Assert.Same(node, nodes[0]);
        Assert.Equal(Resources.Zero, node.Requested);
        Assert.Empty(node.PodsByOwner);
    }

    [Fact]
    public void Replicas_of_one_owner_spread_evenly_over_equal_nodes()
    {
        var pods = Enumerable.Range(0, 6).Select(i => Pod($"web-{i}", owner: "rs-web")).ToArray();

        var placements = scheduler.ScheduleBatch(pods, [Node("n1"), Node("n2")]);

        Assert.Equal(3, placements.Count(p => p.NodeName == "n1"));
        Assert.Equal(3, placements.Count(p => p.NodeName == "n2"));
    }

    [Fact]
    public void Spreading_outweighs_a_somewhat_emptier_node()
    {
        var nodes = new[]
        {
            Node("has-replica", podsByOwner: new Dictionary<string, int> { ["rs"] = 1 }),
            Node("busier", requested: new Resources(1000, 2 * Gi, 4)),
        };

        Assert.Equal("busier", scheduler.Schedule(Pod(owner: "rs"), nodes).NodeName);
    }

    [Fact]
    public void Preferred_node_affinity_picks_the_preferred_node()
    {
        const string affinity = """
            {"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":50,"preference":{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}}]}
            """;

        var placement = scheduler.Schedule(Pod(nodeAffinity: affinity), [Node("a-hdd"), Node("b-ssd", labels: Labels(("disk", "ssd")))]);

        Assert.Equal("b-ssd", placement.NodeName);
    }

    [Fact]
    public void Prefer_no_schedule_taints_are_avoided_but_used_when_nothing_else_fits()
    {
        var spot = Node("a-spot", taints: [new Taint("spot", "true", "PreferNoSchedule")]);

        Assert.Equal("b-regular", scheduler.Schedule(Pod(), [spot, Node("b-regular")]).NodeName);
        Assert.Equal("a-spot", scheduler.Schedule(Pod(), [spot, Node("b-full", milliCpu: 0)]).NodeName);
    }

    [Fact]
    public void Custom_filters_and_scorers_replace_the_defaults()
    {
        var onlyResources = new PodScheduler([new NodeResourcesFitFilter()], []);

        Assert.Equal("cordoned", onlyResources.Schedule(Pod(), [Node("cordoned", unschedulable: true)]).NodeName);
    }

    [Fact]
    public void A_custom_filter_reason_is_counted_without_overriding_reasons()
    {
        var scheduler = new PodScheduler([new RejectAll()]);

        Assert.Equal("0/2 nodes are available: 2 node(s) said no.", scheduler.Schedule(Pod(), [Node("a"), Node("b")]).Reason);
    }

    [Fact]
    public void A_nan_score_does_not_hide_a_feasible_node()
    {
        var scheduler = new PodScheduler(scorers: [new NanScorer()]);

        Assert.Equal("a", scheduler.Schedule(Pod(), [Node("b"), Node("a")]).NodeName);
    }

    [Fact]
    public void Pods_built_from_json_schedule_against_nodes_built_from_json()
    {
        var node = NodeSnapshot.From(Parse("""
            {"metadata":{"name":"worker-1","labels":{"kubernetes.io/os":"linux"}},
             "status":{"allocatable":{"cpu":"2","memory":"4Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True"}]}}
            """), []);
        var pod = PodRequest.From(Parse("""
            {"metadata":{"name":"web","namespace":"dev"},
             "spec":{"nodeSelector":{"kubernetes.io/os":"linux"},
                     "containers":[{"name":"c","resources":{"requests":{"cpu":"1500m","memory":"1Gi"}}}]}}
            """));

        var placements = scheduler.ScheduleBatch([pod, pod], [node]);

        Assert.Equal("worker-1", placements[0].NodeName);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", placements[1].Reason);
    }

    private sealed class RejectAll : IFilter
    {
        public string Name => "RejectAll";

        public string? Check(PodRequest pod, NodeSnapshot node) => "node(s) said no";
    }

    private sealed class NanScorer : IScorer
    {
        public string Name => "Nan";

        public double Weight => 1;

        public double Score(PodRequest pod, NodeSnapshot node) => double.NaN;
    }
}
