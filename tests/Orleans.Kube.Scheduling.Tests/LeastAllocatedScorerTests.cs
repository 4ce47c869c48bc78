using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class LeastAllocatedScorerTests
{
    private readonly LeastAllocatedScorer scorer = new();

    [Fact]
    public void The_score_averages_the_free_cpu_and_memory_fractions_after_placement()
    {
        var node = Node("n", milliCpu: 4000, memory: 8 * Gi, requested: new Resources(1000, 2 * Gi, 1));

        // cpu: 4000 - (1000 + 1000) = 50% free; memory: 8Gi - (2Gi + 2Gi) = 50% free.
        Assert.Equal(50, scorer.Score(Pod(milliCpu: 1000, memory: 2 * Gi), node), 6);
    }

    [Fact]
    public void An_empty_node_scores_near_one_hundred_and_a_full_one_zero()
    {
        Assert.Equal(100, scorer.Score(Pod(milliCpu: 0, memory: 0), Node("n")), 6);
        Assert.Equal(0, scorer.Score(Pod(milliCpu: 4000, memory: 8 * Gi), Node("n")), 6);
    }

    [Fact]
    public void A_node_without_a_resource_scores_zero_for_it()
    {
        Assert.Equal(50, scorer.Score(Pod(milliCpu: 0, memory: 0), Node("n", memory: 0)), 6);
    }

    [Fact]
    public void The_emptier_node_scores_higher()
    {
        var pod = Pod(milliCpu: 500, memory: 512 * Mi);

        Assert.True(scorer.Score(pod, Node("idle")) > scorer.Score(pod, Node("busy", requested: new Resources(2000, 4 * Gi, 5))));
    }

    [Fact]
    public void The_default_weight_is_one()
    {
        Assert.Equal(1, scorer.Weight);
        Assert.Equal(3, new LeastAllocatedScorer(3).Weight);
    }
}
