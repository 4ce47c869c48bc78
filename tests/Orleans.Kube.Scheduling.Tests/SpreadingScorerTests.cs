using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class SpreadingScorerTests
{
    private readonly SpreadingScorer scorer = new();

    [Fact]
    public void A_node_without_pods_of_the_owner_scores_one_hundred()
    {
        var node = Node("n", podsByOwner: new Dictionary<string, int> { ["other"] = 5 });

        Assert.Equal(100, scorer.Score(Pod(owner: "rs"), node));
    }

    [Fact]
    public void More_pods_of_the_same_owner_score_lower()
    {
        var one = Node("a", podsByOwner: new Dictionary<string, int> { ["rs"] = 1 });
        var three = Node("b", podsByOwner: new Dictionary<string, int> { ["rs"] = 3 });

        Assert.Equal(50, scorer.Score(Pod(owner: "rs"), one));
        Assert.Equal(25, scorer.Score(Pod(owner: "rs"), three));
    }

    [Fact]
    public void Pods_without_an_owner_score_the_same_everywhere()
    {
        Assert.Equal(100, scorer.Score(Pod(), Node("n", podsByOwner: new Dictionary<string, int> { ["rs"] = 3 })));
    }
}
