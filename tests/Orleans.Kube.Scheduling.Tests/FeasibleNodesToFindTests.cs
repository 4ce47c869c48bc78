using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class FeasibleNodesToFindTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]      // 50 % - 0 = 50 % of 100 = 50, raised to the 100 minimum
    [InlineData(1000, 420)]     // 50 - 8 = 42 %
    [InlineData(5000, 500)]     // 50 - 40 = 10 %
    [InlineData(15000, 750)]    // 50 - 120 < 5: 5 %
    public void Matches_kube_schedulers_adaptive_percentage(int nodes, int expected) =>
        Assert.Equal(expected, FeasibleNodesToFind.For(nodes));

    [Fact]
    public void A_big_cluster_is_searched_in_turns_so_a_batch_spreads_over_every_node()
    {
        var nodes = Enumerable.Range(0, 1000).Select(i => Node($"n{i:D4}")).ToList();
        var pods = Enumerable.Range(0, 5).Select(i => Pod($"p{i}")).ToList();

        var placements = new PodScheduler().ScheduleBatch(pods, nodes);

        // Each pod looks at the 420 nodes after the previous pod's window and takes the lowest name among the
        // emptiest there: the third window (840-999, 0-259) wraps around to n0001, n0000 having a pod already.
        Assert.Equal(["n0000", "n0420", "n0001", "n0260", "n0002"], placements.Select(p => p.NodeName));
    }

    [Fact]
    public void A_small_cluster_is_searched_whole_for_every_pod()
    {
        var nodes = new[] { Node("b", milliCpu: 64000, memory: 64 * Gi), Node("a"), Node("c") };

        var placements = new PodScheduler().ScheduleBatch([Pod("p1"), Pod("p2")], nodes);

        Assert.All(placements, p => Assert.Equal("b", p.NodeName));
    }
}
