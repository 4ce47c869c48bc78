using Orleans.Concurrency;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>Places pending pods on nodes, in batches. One per cluster (key 0).</summary>
public interface ISchedulerGrain : IGrainWithIntegerKey
{
    /// <summary>Only queues the pod, so it may interleave with a running batch (which calls the pods that call this).</summary>
    [AlwaysInterleave, OneWay]
    Task Enqueue(string podKey);
}
