using Orleans.Kube.Grains.Controllers;

namespace Orleans.Kube.Grains.Tests;

[Trait("Category", "Unit")]
public sealed class DeploymentProgressTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_rollout_that_starts_long_after_the_last_one_finished_has_not_timed_out()
    {
        // The condition a finished rollout left is hours old; the deadline counts from the new rollout's start.
        Assert.False(DeploymentProgress.TimedOut(DeploymentProgress.NewReplicaSetAvailable, Now.AddHours(-3), 600, Now));
    }

    [Fact]
    public void A_rollout_without_progress_past_its_deadline_times_out_and_stays_timed_out()
    {
        Assert.False(DeploymentProgress.TimedOut("ReplicaSetUpdated", Now.AddSeconds(-599), 600, Now));
        Assert.True(DeploymentProgress.TimedOut("ReplicaSetUpdated", Now.AddSeconds(-601), 600, Now));
        Assert.True(DeploymentProgress.TimedOut(DeploymentProgress.ProgressDeadlineExceeded, Now, 600, Now));
    }

    [Theory]
    [InlineData(3, 1, 1, 1, 3, 2, 1, 1, true)]  // one more updated pod
    [InlineData(3, 1, 1, 1, 2, 1, 1, 1, true)]  // one old pod fewer
    [InlineData(3, 1, 1, 1, 3, 1, 2, 1, true)]  // one more ready
    [InlineData(3, 1, 1, 1, 3, 1, 1, 2, true)]  // one more available
    [InlineData(3, 1, 1, 1, 3, 1, 1, 1, false)] // nothing moved
    [InlineData(3, 2, 2, 2, 3, 2, 1, 1, false)] // a pod got less ready: not progress
    public void Progress_is_more_new_ready_or_available_pods_or_fewer_old_ones(
        int r0, int u0, int ready0, int a0, int r1, int u1, int ready1, int a1, bool progressed)
    {
        Assert.Equal(progressed, DeploymentProgress.Progressed(new DeploymentCounts(r0, u0, ready0, a0), new DeploymentCounts(r1, u1, ready1, a1)));
    }
}
