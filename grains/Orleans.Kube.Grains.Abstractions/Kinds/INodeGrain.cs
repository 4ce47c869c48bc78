using Orleans.Concurrency;

namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("Node")]
public interface INodeGrain : IResourceGrain
{
    /// <summary>The node agent's periodic report: the node's status (capacity, addresses, info) as JSON.</summary>
    Task Heartbeat(string nodeStatus);

    /// <summary>Does nothing but make sure the grain, and so its liveness watchdog, is active.</summary>
    [AlwaysInterleave]
    Task EnsureWatched();
}
