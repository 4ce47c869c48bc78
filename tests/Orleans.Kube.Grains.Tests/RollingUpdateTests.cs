using Orleans.Kube.Grains.Controllers;

namespace Orleans.Kube.Grains.Tests;

/// <summary>The deployment controller's rolling-update arithmetic (kube's rolling.go), without grains.</summary>
public sealed class RollingUpdateTests
{
    private static RolloutStep Step(int desired, int surge, int unavailable, (int R, int A) newSet, params (int R, int A)[] olds) =>
        RollingUpdate.Step(desired, surge, unavailable, new ReplicaCounts(newSet.R, newSet.A), olds.Select(o => new ReplicaCounts(o.R, o.A)).ToList());

    [Fact]
    public void The_new_set_grows_by_the_surge_and_the_old_one_shrinks_by_what_may_be_unavailable()
    {
        // 10 replicas, 25% surge (3) and 25% unavailable (2): the first step of a rollout.
        var step = Step(10, 3, 2, (0, 0), (10, 10));

        Assert.Equal(3, step.NewReplicas);
        Assert.Equal([8], step.OldReplicas);
    }

    [Fact]
    public void With_no_unavailability_allowed_old_pods_stay_until_new_ones_are_available()
    {
        Assert.Equal([4], Step(4, 1, 0, (1, 0), (4, 4)).OldReplicas);
        Assert.Equal([3], Step(4, 1, 0, (1, 1), (4, 4)).OldReplicas);
    }

    [Fact]
    public void Unavailable_old_pods_go_first_but_never_below_the_minimum_available()
    {
        // Nothing is available anywhere: scaling old pods down would only lose capacity that is coming.
        Assert.Equal([4], Step(4, 1, 0, (1, 0), (4, 0)).OldReplicas);
        // Two old pods are broken and one may be unavailable: one pod may go, and it is a broken one, so the
        // new set gets room while both healthy pods keep serving.
        Assert.Equal([3], Step(4, 0, 1, (0, 0), (4, 2)).OldReplicas);
    }

    [Fact]
    public void An_old_sets_status_that_lags_its_own_scale_down_is_not_counted_twice()
    {
        // 4 replicas, 1 may be unavailable: the old set was just cut to 2 but its status still says 3 available.
        // Counting the stale 3 would cut it to 0 and leave only the 2 available new pods; one old pod may go.
        Assert.Equal([1], Step(4, 1, 1, (3, 2), (2, 3)).OldReplicas);
    }

    [Fact]
    public void Older_sets_are_scaled_down_before_newer_ones()
    {
        var step = Step(4, 1, 1, (4, 4), (2, 2), (2, 2));

        Assert.Equal([0, 0], step.OldReplicas);
        Assert.Equal([0, 1], Step(4, 0, 1, (2, 2), (1, 1), (2, 2)).OldReplicas);
    }

    [Fact]
    public void A_new_set_above_desired_is_scaled_back_and_zero_surge_and_unavailability_still_progresses()
    {
        Assert.Equal(3, Step(3, 1, 0, (5, 5)).NewReplicas);
        Assert.Equal((0, 1), RollingUpdate.Limits(0, 0));
        Assert.Equal([2], Step(3, 0, 0, (0, 0), (3, 3)).OldReplicas);
    }

    [Theory]
    [InlineData(5, 2, 0, false, 5)]
    [InlineData(5, 2, 5, false, 2)]
    [InlineData(5, 2, 5, true, 0)]
    [InlineData(5, 0, 7, false, 0)]
    public void A_new_set_starts_within_the_surge(int desired, int surge, int oldReplicas, bool recreate, int expected) =>
        Assert.Equal(expected, RollingUpdate.InitialReplicas(desired, surge, oldReplicas, recreate));
}
