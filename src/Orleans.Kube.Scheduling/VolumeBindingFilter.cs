namespace Orleans.Kube.Scheduling;

/// <summary>
/// kube's VolumeBinding filter, for volumes already bound: a pod whose claim is bound to a PersistentVolume with
/// node affinity (a local-path volume lives on one node's disk) may only run on a node that affinity matches.
/// Claims still waiting for their first consumer constrain nothing: their volume is made where the pod lands.
/// </summary>
public sealed class VolumeBindingFilter : IFilter
{
    public const string Reason = "node(s) had volume node affinity conflict";

    public string Name => "VolumeBinding";

    public string? Check(PodRequest pod, NodeSnapshot node)
    {
        if (pod.VolumeNodeAffinities.Count == 0) return null;
        return CompiledPod.Of(pod).MatchesVolumes(node) ? null : Reason;
    }
}
