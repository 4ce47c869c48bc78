namespace Orleans.Kube.Runtime;

/// <summary>
/// The container does not exist (any more). Operations that must act on a live container throw this;
/// inspect, stop and remove treat a missing container as a non-event instead.
/// </summary>
public sealed class ContainerNotFoundException(string id, Exception? inner = null)
    : Exception($"container {id} not found", inner)
{
    public string Id { get; } = id;
}
