using Orleans.Concurrency;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// The kubelet of one node, pinned to the silo on that host: runs the pods bound to the node as
/// containers and reports their status.
/// </summary>
public interface INodeAgentGrain : IGrainWithStringKey
{
    /// <summary>Called by the worker silo at start-up and periodically: keeps the agent active.</summary>
    Task Start();

    /// <summary>
    /// A pod bound here changed (<paramref name="pod"/> is its JSON) or is gone (null): reconcile it
    /// soon. Carries the pod so the agent never calls back into the pod grain that is calling it.
    /// </summary>
    [AlwaysInterleave]
    Task PodChanged(string podKey, string? pod);

    /// <summary>Log bytes of one container of a pod, as kubectl logs asks for them.</summary>
    IAsyncEnumerable<byte[]> Logs(string podKey, LogRequest request, CancellationToken cancellationToken = default);
}

[GenerateSerializer, Immutable]
public sealed record LogRequest(
    [property: Id(0)] string? Container,
    [property: Id(1)] bool Follow,
    [property: Id(2)] long? TailLines,
    [property: Id(3)] long? SinceSeconds,
    [property: Id(4)] bool Timestamps,
    [property: Id(5)] bool Previous);
