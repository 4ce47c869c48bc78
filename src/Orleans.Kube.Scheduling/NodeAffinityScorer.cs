namespace Orleans.Kube.Scheduling;

/// <summary>
/// kube's NodeAffinity score: the weights of the matching preferred terms. kube normalises by the best node;
/// this divides by the sum of all weights instead, which keeps scoring per node and ranks nodes the same way.
/// </summary>
public sealed class NodeAffinityScorer(double weight = 2) : IScorer
{
    public string Name => "NodeAffinity";

    public double Weight => weight;

    public double Score(PodRequest pod, NodeSnapshot node)
    {
        if (pod.NodeAffinity is null) return 0;
        var compiled = CompiledPod.Of(pod);
        if (compiled.PreferredTotalWeight == 0) return 0;
        var matched = 0;
        foreach (var (termWeight, term) in compiled.Preferred)
            if (term.Matches(node)) matched += termWeight;
        return matched * 100.0 / compiled.PreferredTotalWeight;
    }
}
