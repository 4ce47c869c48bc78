using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class VolumeBindingFilterTests
{
    private const string Conflict = "node(s) had volume node affinity conflict";
    private readonly VolumeBindingFilter filter = new();
    private static readonly NodeSnapshot NodeA = Node("node-a", labels: Labels(("kubernetes.io/hostname", "node-a")));
    private static readonly NodeSnapshot NodeB = Node("node-b", labels: Labels(("kubernetes.io/hostname", "node-b")));

    /// <summary>The node affinity the local-path provisioner writes on a PersistentVolume made on <paramref name="node"/>.</summary>
    private static System.Text.Json.Nodes.JsonObject OnNode(string node) => Parse(
        $$"""{"nodeSelectorTerms":[{"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In","values":["{{node}}"]}]}]}""");

    [Fact]
    public void A_pod_without_bound_volumes_fits_any_node()
    {
        Assert.Null(filter.Check(Pod(), NodeA));
    }

    [Fact]
    public void A_pod_whose_volume_lives_on_one_node_fits_only_that_node()
    {
        var pod = Pod() with { VolumeNodeAffinities = [OnNode("node-a")] };
        Assert.Null(filter.Check(pod, NodeA));
        Assert.Equal(Conflict, filter.Check(pod, NodeB));
    }

    [Fact]
    public void Every_volume_must_match_and_any_term_of_one_volume_will_do()
    {
        var either = Parse("""
            {"nodeSelectorTerms":[
              {"matchExpressions":[{"key":"kubernetes.io/hostname","operator":"In","values":["node-b"]}]},
              {"matchFields":[{"key":"metadata.name","operator":"In","values":["node-a"]}]}]}
            """);
        Assert.Null(filter.Check(Pod() with { VolumeNodeAffinities = [either] }, NodeA));
        Assert.Equal(Conflict, filter.Check(Pod() with { VolumeNodeAffinities = [either, OnNode("node-b")] }, NodeA));
    }

    [Fact]
    public void The_scheduler_reports_the_conflict_when_no_node_has_the_volume()
    {
        var pod = Pod() with { VolumeNodeAffinities = [OnNode("node-c")] };
        var placement = Assert.Single(new PodScheduler().ScheduleBatch([pod], [NodeA, NodeB]));
        Assert.Null(placement.NodeName);
        Assert.Contains("2 node(s) had volume node affinity conflict", placement.Reason);
    }
}
