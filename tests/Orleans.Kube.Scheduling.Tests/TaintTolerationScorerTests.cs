using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class TaintTolerationScorerTests
{
    private readonly TaintTolerationScorer scorer = new();
    private static readonly Taint Spot = new("spot", "true", "PreferNoSchedule");

    [Fact]
    public void Untolerated_prefer_no_schedule_taints_lower_the_score()
    {
        Assert.Equal(100, scorer.Score(Pod(), Node("clean")));
        Assert.Equal(50, scorer.Score(Pod(), Node("spot", taints: [Spot])));
    }

    [Fact]
    public void Tolerated_or_hard_taints_do_not_count()
    {
        var pod = Pod(tolerations: [new Toleration("spot", "Exists", null, null)]);

        Assert.Equal(100, scorer.Score(pod, Node("spot", taints: [Spot])));
        Assert.Equal(100, scorer.Score(Pod(), Node("hard", taints: [new Taint("gpu", null, "NoSchedule")])));
    }
}
