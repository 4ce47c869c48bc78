using System.Net;
using System.Net.Sockets;

namespace Orleans.Kube.Proxy;

/// <summary>
/// Connects to a pod's port from inside the pod's own network namespace when the pod runs on this node, so every
/// port the pod listens on is reachable, as in kube where containerPort is only informational (Docker's publishing
/// reaches declared ports only).
/// </summary>
public interface IPodDialer
{
    /// <summary>
    /// A socket connected to <paramref name="endpoint"/> from inside the namespace of the local pod that owns its
    /// address, with <paramref name="source"/> as its source address when given (the pod sees who called); null when
    /// no pod on this node owns the address. A refused port throws as a direct connection would.
    /// </summary>
    Task<Socket?> TryConnectInsideAsync(IPEndPoint endpoint, IPAddress? source, CancellationToken cancellationToken);
}

/// <summary>A node without a pod network (simulated nodes, API-only silos): every pod is dialled on the host.</summary>
public sealed class NoPodDialer : IPodDialer
{
    public Task<Socket?> TryConnectInsideAsync(IPEndPoint endpoint, IPAddress? source, CancellationToken cancellationToken) =>
        Task.FromResult<Socket?>(null);
}
