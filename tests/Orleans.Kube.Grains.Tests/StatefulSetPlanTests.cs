using Orleans.Kube.Grains.Controllers;

namespace Orleans.Kube.Grains.Tests;

[Trait("Category", "Unit")]
public sealed class StatefulSetPlanTests
{
    private const string Old = "web-old";
    private const string New = "web-new";

    private static StatefulPod Ready(int ordinal, string revision = New) => new(ordinal, revision, Healthy: true, Terminating: false);

    private static StatefulSetActions Ordered(IReadOnlyCollection<StatefulPod> pods, int replicas, int partition = 0, bool rolling = true) =>
        StatefulSetPlan.Decide(pods, 0, replicas, parallel: false, rolling, partition, maxUnavailable: 1, New);

    [Fact]
    public void OrderedReady_creates_one_pod_at_a_time_lowest_first()
    {
        Assert.Equal([0], Ordered([], 3).Create);
        Assert.Empty(Ordered([new StatefulPod(0, New, Healthy: false, Terminating: false)], 3).Create);
        Assert.Equal([1], Ordered([Ready(0)], 3).Create);
        Assert.Equal([1], Ordered([Ready(0), Ready(2)], 3).Create);
    }

    [Fact]
    public void Parallel_creates_every_missing_pod_at_once()
    {
        var plan = StatefulSetPlan.Decide([new StatefulPod(1, New, false, false)], 0, 4, parallel: true, true, 0, 1, New);
        Assert.Equal([0, 2, 3], plan.Create);
    }

    [Fact]
    public void OrderedReady_scales_down_from_the_highest_ordinal_one_at_a_time()
    {
        var pods = new[] { Ready(0), Ready(1), Ready(2) };
        Assert.Equal([2], Ordered(pods, 1).Delete);
        Assert.Empty(Ordered([Ready(0), Ready(1), new StatefulPod(2, New, true, Terminating: true)], 1).Delete);
        Assert.Equal([1], Ordered([Ready(0), Ready(1)], 1).Delete);
    }

    [Fact]
    public void Parallel_scales_down_every_condemned_pod_at_once()
    {
        var plan = StatefulSetPlan.Decide([Ready(0), Ready(1), Ready(2)], 0, 1, parallel: true, true, 0, 1, New);
        Assert.Equal([2, 1], plan.Delete);
    }

    [Fact]
    public void A_rolling_update_replaces_the_highest_stale_pod_first_and_waits_for_it()
    {
        Assert.Equal([2], Ordered([Ready(0, Old), Ready(1, Old), Ready(2, Old)], 3).Delete);
        // web-2 came back at the new revision but is not ready yet: nothing else goes.
        var waiting = Ordered([Ready(0, Old), Ready(1, Old), new StatefulPod(2, New, Healthy: false, Terminating: false)], 3);
        Assert.Empty(waiting.Delete);
        Assert.Equal([1], Ordered([Ready(0, Old), Ready(1, Old), Ready(2)], 3).Delete);
    }

    [Fact]
    public void A_partition_keeps_lower_ordinals_at_the_current_revision()
    {
        var plan = Ordered([Ready(0, Old), Ready(1, Old), Ready(2)], 3, partition: 2);
        Assert.Empty(plan.Delete);
        Assert.True(plan.Settled);
        Assert.Equal(Old, StatefulSetPlan.RevisionFor(1, 0, true, 2, Old, New));
        Assert.Equal(New, StatefulSetPlan.RevisionFor(2, 0, true, 2, Old, New));
    }

    [Fact]
    public void OnDelete_leaves_stale_pods_running_but_recreates_at_the_update_revision()
    {
        Assert.True(Ordered([Ready(0, Old), Ready(1, Old)], 2, rolling: false).Settled);
        Assert.Equal(New, StatefulSetPlan.RevisionFor(0, 0, false, 0, Old, New));
    }

    [Fact]
    public void MaxUnavailable_lets_several_stale_pods_go_at_once()
    {
        var plan = StatefulSetPlan.Decide([Ready(0, Old), Ready(1, Old), Ready(2, Old)], 0, 3, false, true, 0, 2, New);
        Assert.Equal([2, 1], plan.Delete);
    }

    [Fact]
    public void A_failed_pod_is_deleted_to_be_made_again()
    {
        var plan = Ordered([Ready(0), new StatefulPod(1, New, false, false, Finished: true)], 2);
        Assert.Equal([1], plan.Delete);
        Assert.Empty(plan.Create);
    }

    [Fact]
    public void Ordinals_start_where_spec_ordinals_start_says()
    {
        var plan = StatefulSetPlan.Decide([], 5, 2, parallel: true, true, 0, 1, New);
        Assert.Equal([5, 6], plan.Create);
    }
}
