using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class NodeReadyFilterTests
{
    private readonly NodeReadyFilter filter = new();

    [Fact]
    public void A_ready_node_passes()
    {
        Assert.Null(filter.Check(Pod(), Node("n")));
    }

    [Fact]
    public void A_not_ready_node_is_reported_as_kubes_not_ready_taint()
    {
        Assert.Equal("node(s) had untolerated taint {node.kubernetes.io/not-ready: }", filter.Check(Pod(), Node("n", ready: false)));
    }

    [Fact]
    public void A_pod_tolerating_not_ready_may_use_a_not_ready_node()
    {
        var pod = Pod(tolerations: [new Toleration("node.kubernetes.io/not-ready", "Exists", null, null)]);

        Assert.Null(filter.Check(pod, Node("n", ready: false)));
    }

    [Fact]
    public void The_default_not_ready_no_execute_toleration_does_not_allow_scheduling()
    {
        // Admission adds this toleration to every pod; it covers eviction, not placement.
        var pod = Pod(tolerations: [new Toleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute")]);

        Assert.NotNull(filter.Check(pod, Node("n", ready: false)));
    }
}
