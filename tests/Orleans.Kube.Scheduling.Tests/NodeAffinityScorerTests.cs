using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class NodeAffinityScorerTests
{
    private readonly NodeAffinityScorer scorer = new();

    private const string Preferred = """
        {"preferredDuringSchedulingIgnoredDuringExecution":[
          {"weight":30,"preference":{"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}},
          {"weight":10,"preference":{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}}]}
        """;

    [Fact]
    public void The_score_is_the_share_of_matching_preferred_weight()
    {
        var pod = Pod(nodeAffinity: Preferred);

        Assert.Equal(100, scorer.Score(pod, Node("both", labels: Labels(("zone", "a"), ("disk", "ssd")))));
        Assert.Equal(75, scorer.Score(pod, Node("zone", labels: Labels(("zone", "a")))));
        Assert.Equal(25, scorer.Score(pod, Node("disk", labels: Labels(("disk", "ssd")))));
        Assert.Equal(0, scorer.Score(pod, Node("none")));
    }

    [Fact]
    public void Pods_without_preferences_score_zero_everywhere()
    {
        Assert.Equal(0, scorer.Score(Pod(), Node("n", labels: Labels(("zone", "a")))));
    }
}
