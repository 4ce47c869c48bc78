using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class NodeUnschedulableFilterTests
{
    private readonly NodeUnschedulableFilter filter = new();

    [Fact]
    public void A_schedulable_node_passes()
    {
        Assert.Null(filter.Check(Pod(), Node("n")));
    }

    [Fact]
    public void A_cordoned_node_is_rejected_with_kubes_reason()
    {
        Assert.Equal("node(s) were unschedulable", filter.Check(Pod(), Node("n", unschedulable: true)));
    }

    [Fact]
    public void A_pod_tolerating_the_unschedulable_taint_may_use_a_cordoned_node()
    {
        var pod = Pod(tolerations: [new Toleration("node.kubernetes.io/unschedulable", "Exists", null, "NoSchedule")]);

        Assert.Null(filter.Check(pod, Node("n", unschedulable: true)));
    }
}
