namespace Orleans.Kube.Scheduling.Tests;

public sealed class DaemonSetRolloutTests
{
    private static readonly DaemonNodeFit Runs = new(true, true);

    private static DaemonNode Node(string name, params DaemonPod[] pods) => new(name, Runs, pods);

    private static DaemonPod Old(string name, bool available = true) => new(name, false, available, false);

    private static DaemonPod New(string name, bool available = true) => new(name, true, available, false);

    [Fact]
    public void Every_eligible_node_without_a_pod_gets_one()
    {
        var plan = DaemonSetRollout.Decide([Node("a"), Node("b", New("b1")), new DaemonNode("c", new(false, false), [])], true, 1, 0);
        Assert.Equal(["a"], plan.CreateOn);
        Assert.Empty(plan.Delete);
    }

    [Fact]
    public void A_node_that_may_not_keep_its_pod_loses_it() =>
        Assert.Equal(["x1"], DaemonSetRollout.Decide([new DaemonNode("x", new(false, false), [New("x1")])], true, 1, 0).Delete);

    [Fact]
    public void Rolling_update_replaces_one_node_at_a_time_with_max_unavailable_one()
    {
        var plan = DaemonSetRollout.Decide([Node("a", Old("a1")), Node("b", Old("b1")), Node("c", Old("c1"))], true, 1, 0);
        Assert.Single(plan.Delete);
        // While a node has no available pod the budget is spent.
        var next = DaemonSetRollout.Decide([Node("a", New("a2", available: false)), Node("b", Old("b1")), Node("c", Old("c1"))], true, 1, 0);
        Assert.Empty(next.Delete);
    }

    [Fact]
    public void Unavailable_old_pods_are_replaced_regardless_of_the_budget()
    {
        var plan = DaemonSetRollout.Decide([Node("a", Old("a1", available: false)), Node("b", Old("b1", available: false))], true, 1, 0);
        Assert.Equal(["a1", "b1"], plan.Delete);
    }

    [Fact]
    public void Surge_starts_the_new_pod_beside_the_old_and_removes_the_old_once_available()
    {
        var first = DaemonSetRollout.Decide([Node("a", Old("a1")), Node("b", Old("b1"))], true, 0, 1);
        Assert.Equal(["a"], first.CreateOn);
        Assert.Empty(first.Delete);
        var waiting = DaemonSetRollout.Decide([Node("a", Old("a1"), New("a2", available: false)), Node("b", Old("b1"))], true, 0, 1);
        Assert.Empty(waiting.CreateOn);
        Assert.Empty(waiting.Delete);
        var done = DaemonSetRollout.Decide([Node("a", Old("a1"), New("a2")), Node("b", Old("b1"))], true, 0, 1);
        Assert.Equal(["a1"], done.Delete);
    }

    [Fact]
    public void On_delete_leaves_old_pods_alone() =>
        Assert.Empty(DaemonSetRollout.Decide([Node("a", Old("a1"))], false, 1, 0).Delete);

    [Fact]
    public void Extra_pods_on_a_node_are_removed_keeping_the_updated_one() =>
        Assert.Equal(["a1"], DaemonSetRollout.Decide([Node("a", Old("a1"), New("a2"))], false, 1, 0).Delete);
}
