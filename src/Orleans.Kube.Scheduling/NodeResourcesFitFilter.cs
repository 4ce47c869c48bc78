namespace Orleans.Kube.Scheduling;

/// <summary>kube's NodeResourcesFit: what is already requested on the node plus this pod must stay within allocatable.</summary>
public sealed class NodeResourcesFitFilter : IFilter
{
    public const string TooManyPods = "Too many pods";
    public const string InsufficientCpu = "Insufficient cpu";
    public const string InsufficientMemory = "Insufficient memory";

    public string Name => "NodeResourcesFit";

    public string? Check(PodRequest pod, NodeSnapshot node)
    {
        var need = pod.Requests;
        var allocatable = node.Allocatable;
        var requested = node.Requested;
        if (PodsShort(need, allocatable, requested)) return TooManyPods;
        if (need.MilliCpu > 0 && need.MilliCpu > allocatable.MilliCpu - requested.MilliCpu) return InsufficientCpu;
        if (need.MemoryBytes > 0 && need.MemoryBytes > allocatable.MemoryBytes - requested.MemoryBytes) return InsufficientMemory;
        return null;
    }

    // kube reports every short resource, each counted separately in the unschedulable message.
    public IEnumerable<string> Reasons(PodRequest pod, NodeSnapshot node)
    {
        var need = pod.Requests;
        var allocatable = node.Allocatable;
        var requested = node.Requested;
        var reasons = new List<string>(3);
        if (PodsShort(need, allocatable, requested)) reasons.Add(TooManyPods);
        if (need.MilliCpu > 0 && need.MilliCpu > allocatable.MilliCpu - requested.MilliCpu) reasons.Add(InsufficientCpu);
        if (need.MemoryBytes > 0 && need.MemoryBytes > allocatable.MemoryBytes - requested.MemoryBytes) reasons.Add(InsufficientMemory);
        return reasons;
    }

    // Allocatable.Pods = 0 means the node reported no pod limit (Resources' default), not "room for none".
    private static bool PodsShort(Resources need, Resources allocatable, Resources requested) =>
        need.Pods > 0 && allocatable.Pods > 0 && requested.Pods + need.Pods > allocatable.Pods;
}
