using Orleans.Concurrency;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>A controller grain that owns other objects and reconciles when one of them changes.</summary>
public interface IOwnerGrain : IGrainWithStringKey
{
    /// <summary>Only queues a reconcile, so it may interleave: a child calls it while its owner awaits that child.</summary>
    [AlwaysInterleave, OneWay]
    Task ChildChanged();
}
