namespace Orleans.Kube.Scheduling;

/// <summary>An amount of cpu (millicores), memory (bytes) and pod slots.</summary>
/// <remarks>On a node's <c>Allocatable</c>, <see cref="Pods"/> = 0 means the node reported no pod limit.</remarks>
public readonly record struct Resources(long MilliCpu, long MemoryBytes, int Pods = 0)
{
    public static Resources Zero => default;

    public Resources Add(Resources other) =>
        new(MilliCpu + other.MilliCpu, MemoryBytes + other.MemoryBytes, Pods + other.Pods);

    public Resources Subtract(Resources other) =>
        new(MilliCpu - other.MilliCpu, MemoryBytes - other.MemoryBytes, Pods - other.Pods);

    /// <summary>Component-wise maximum: how kube combines init containers with the main containers.</summary>
    public Resources Max(Resources other) =>
        new(Math.Max(MilliCpu, other.MilliCpu), Math.Max(MemoryBytes, other.MemoryBytes), Math.Max(Pods, other.Pods));
}
