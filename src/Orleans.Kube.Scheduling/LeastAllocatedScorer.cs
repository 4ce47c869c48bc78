namespace Orleans.Kube.Scheduling;

/// <summary>
/// kube's NodeResourcesFit LeastAllocated strategy: the free fraction of cpu and of memory left after placing
/// the pod, averaged, as 0..100. Favours emptier nodes so load spreads.
/// </summary>
public sealed class LeastAllocatedScorer(double weight = 1) : IScorer
{
    public string Name => "LeastAllocated";

    public double Weight => weight;

    public double Score(PodRequest pod, NodeSnapshot node) =>
        (Free(node.Allocatable.MilliCpu, node.Requested.MilliCpu + pod.Requests.MilliCpu)
         + Free(node.Allocatable.MemoryBytes, node.Requested.MemoryBytes + pod.Requests.MemoryBytes)) / 2;

    private static double Free(long capacity, long requested) =>
        capacity <= 0 || requested > capacity ? 0 : (capacity - requested) * 100.0 / capacity;
}
