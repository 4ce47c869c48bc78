using Orleans.Kube.Model.Autoscaling;

namespace Orleans.Kube.Model.Tests.Autoscaling;

public sealed class ScalingBehaviorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-03T12:00:00Z");

    private static NormalizedScale Normalize(int current, int proposed, int max = 100, ScalingRules? down = null,
        List<Recommendation>? history = null, params ScaleEvent[] events) =>
        ScalingBehavior.Normalize(current, proposed, 1, max, ScalingRules.DefaultUp, down ?? ScalingRules.DefaultDown, history ?? [], events, Now);

    [Fact]
    public void Scaling_up_stops_at_max_replicas()
    {
        var scale = Normalize(1, 10, max: 5);

        Assert.Equal(5, scale.Replicas);
        Assert.True(scale.Limited);
        Assert.Equal("TooManyReplicas", scale.LimitReason);
    }

    [Fact]
    public void The_default_rate_allows_four_pods_or_doubling_per_fifteen_seconds()
    {
        var scale = Normalize(2, 20);

        Assert.Equal(6, scale.Replicas);
        Assert.Equal("ScaleUpLimit", scale.LimitReason);
        Assert.Equal(20, Normalize(10, 20).Replicas);
    }

    [Fact]
    public void Pods_added_earlier_in_the_period_count_against_its_limit()
    {
        var scale = Normalize(5, 9, events: new ScaleEvent(Now.AddSeconds(-5), 4));

        Assert.Equal(5, scale.Replicas);
        Assert.Equal(9, Normalize(5, 9, events: new ScaleEvent(Now.AddSeconds(-20), 4)).Replicas);
    }

    [Fact]
    public void Scaling_down_waits_for_the_highest_recommendation_of_the_window()
    {
        var history = new List<Recommendation> { new(Now.AddSeconds(-100), 5) };

        var held = Normalize(5, 1, history: history);

        Assert.Equal(5, held.Replicas);
        Assert.Equal("ScaleDownStabilized", held.AbleReason);
    }

    [Fact]
    public void A_short_down_window_lets_an_old_recommendation_go()
    {
        var down = ScalingRules.DefaultDown with { StabilizationWindowSeconds = 30 };
        var history = new List<Recommendation> { new(Now.AddSeconds(-100), 5) };

        var scale = Normalize(5, 1, down: down, history: history);

        Assert.Equal(1, scale.Replicas);
        Assert.False(scale.Limited);
        Assert.Equal("ReadyForNewScale", scale.AbleReason);
        // The expired sample is dropped and the new one recorded.
        Assert.Equal([1], history.Select(r => r.Replicas));
    }

    [Fact]
    public void A_disabled_direction_never_moves()
    {
        var down = ScalingRules.DefaultDown with { StabilizationWindowSeconds = 0, SelectPolicy = "Disabled" };

        Assert.Equal(4, Normalize(4, 1, down: down).Replicas);
    }
}
