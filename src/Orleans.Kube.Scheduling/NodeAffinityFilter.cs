namespace Orleans.Kube.Scheduling;

/// <summary>kube's NodeAffinity filter: spec.nodeSelector and required node affinity must both match.</summary>
public sealed class NodeAffinityFilter : IFilter
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";

    public string Name => "NodeAffinity";

    public string? Check(PodRequest pod, NodeSnapshot node)
    {
        // Most pods have neither: skip the compiled-pod lookup.
        if (pod.NodeSelector.Count == 0 && pod.NodeAffinity is null) return null;
        return CompiledPod.Of(pod).MatchesRequired(node) ? null : Reason;
    }
}
