namespace Orleans.Kube.Scheduling;

/// <summary>
/// kube has no readiness filter: the node lifecycle controller taints a not-ready node with
/// node.kubernetes.io/not-ready:NoSchedule and TaintToleration rejects it. This filter applies that taint
/// implicitly, with the same message, so a NotReady node is skipped even before anything has tainted it.
/// </summary>
public sealed class NodeReadyFilter : IFilter
{
    public static readonly string Reason = TaintTolerationFilter.UntoleratedReason(Taint.NotReadyKey, null);

    public string Name => "NodeReady";

    public string? Check(PodRequest pod, NodeSnapshot node) =>
        !node.Ready && !Toleration.AnyTolerates(pod.Tolerations, Taint.NotReadyKey, null, Taint.NoSchedule)
            ? Reason
            : null;
}
