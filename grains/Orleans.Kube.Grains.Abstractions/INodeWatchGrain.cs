using Orleans.Concurrency;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// Who wants to hear about nodes (a DaemonSet places a pod on each): node grains report here, and every
/// subscribed controller gets <see cref="IOwnerGrain.ChildChanged"/>, so <c>NodeGrain</c> knows none of them.
/// Subscriptions are kept in grain storage, so a controller that is not active still hears of a node that joins.
/// The single grain is keyed 0.
/// </summary>
public interface INodeWatchGrain : IGrainWithIntegerKey
{
    /// <summary>Subscribes the controller grain of <paramref name="kind"/> (its groupResource) <paramref name="ns"/>/<paramref name="name"/>.</summary>
    Task Subscribe(string kind, string ns, string name);

    Task Unsubscribe(string kind, string ns, string name);

    /// <summary>A node joined, left, or changed what placement reads (labels, taints, schedulability, readiness).</summary>
    [OneWay]
    Task NodeChanged(string nodeName);
}
