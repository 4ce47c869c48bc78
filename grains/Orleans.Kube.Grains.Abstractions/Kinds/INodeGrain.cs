namespace Orleans.Kube.Grains.Abstractions;

public interface INodeGrain : IResourceGrain
{
    /// <summary>The node agent's periodic report: the node's status (capacity, addresses, info) as JSON.</summary>
    Task Heartbeat(string nodeStatus);
}
