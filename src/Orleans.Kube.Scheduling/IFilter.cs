namespace Orleans.Kube.Scheduling;

/// <summary>A feasibility check (kube's Filter extension point).</summary>
public interface IFilter
{
    string Name { get; }

    /// <summary>Null when the pod may run on the node, otherwise the reason text for this node.</summary>
    string? Check(PodRequest pod, NodeSnapshot node);

    /// <summary>
    /// Every reason for a failed node; kube counts each one in the message (cpu and memory can both be short).
    /// Only asked for when no node fits, so it may allocate.
    /// </summary>
    IEnumerable<string> Reasons(PodRequest pod, NodeSnapshot node) =>
        Check(pod, node) is { } reason ? [reason] : [];
}
