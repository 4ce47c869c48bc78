namespace Orleans.Kube.Scheduling;

/// <summary>kube's NodeUnschedulable: cordoned nodes (spec.unschedulable) only take pods tolerating the unschedulable taint.</summary>
public sealed class NodeUnschedulableFilter : IFilter
{
    public const string Reason = "node(s) were unschedulable";

    public string Name => "NodeUnschedulable";

    public string? Check(PodRequest pod, NodeSnapshot node) =>
        node.Unschedulable && !Toleration.AnyTolerates(pod.Tolerations, Taint.UnschedulableKey, null, Taint.NoSchedule)
            ? Reason
            : null;
}
