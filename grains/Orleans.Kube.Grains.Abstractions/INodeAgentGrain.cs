using Orleans.Concurrency;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// The kubelet of one node, pinned to the silo on that host: runs the pods bound to the node as
/// containers and reports their status.
/// </summary>
public interface INodeAgentGrain : IGrainWithStringKey
{
    /// <summary>Called by the worker silo at start-up and periodically: keeps the agent active.</summary>
    [AlwaysInterleave]
    Task Start();

    /// <summary>
    /// A pod bound here changed (<paramref name="pod"/> is its JSON) or is gone (null): reconcile it
    /// soon. Carries the pod so the agent never calls back into the pod grain that is calling it.
    /// </summary>
    [AlwaysInterleave, OneWay]
    Task PodChanged(string podKey, string? pod);

    /// <summary>
    /// The local-path provisioner's node half: makes the directory of PersistentVolume <paramref name="volumeName"/>
    /// under this node's data dir and returns its host path.
    /// </summary>
    Task<string> ProvisionVolume(string volumeName);

    /// <summary>Removes a provisioned volume's directory (reclaimPolicy Delete); one outside the node's volume dir is refused.</summary>
    Task DeleteVolume(string path);

    /// <summary>Starts a command in a running container of a pod; returns the session id.</summary>
    Task<string> ExecStart(string podKey, ExecRequest request);

    /// <summary>
    /// Attaches to a running container's own stdio (kubectl attach); returns a session id used like an exec's. Its
    /// output ends when the container exits, with exit code 0.
    /// </summary>
    Task<string> AttachStart(string podKey, AttachRequest request);

    [AlwaysInterleave]
    Task ExecInput(string session, byte[] data);

    [AlwaysInterleave]
    Task ExecCloseInput(string session);

    [AlwaysInterleave]
    Task ExecResize(string session, int width, int height);

    /// <summary>stdout (1) and stderr (2) chunks of a session, then one final item (stream 3) carrying the exit code.</summary>
    IAsyncEnumerable<ExecOutput> ExecRead(string session, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a TCP connection to a port of a pod on this node, for port-forward from any API silo;
    /// returns the tunnel id. Throws when the pod is not here or the port refuses.
    /// </summary>
    Task<string> TunnelOpen(string podKey, int port);

    [AlwaysInterleave]
    Task TunnelWrite(string tunnel, byte[] data);

    /// <summary>Half-closes the tunnel: the pod reads end of stream, and may still answer.</summary>
    [AlwaysInterleave]
    Task TunnelCloseWrite(string tunnel);

    /// <summary>What the pod sends through the tunnel, until it closes; the tunnel is closed when this ends.</summary>
    IAsyncEnumerable<byte[]> TunnelRead(string tunnel, CancellationToken cancellationToken = default);

    /// <summary>The node's and its pods' resource use over the last sampling window; null until two samples exist.</summary>
    [AlwaysInterleave]
    Task<NodeUsageReport?> Usage();

    /// <summary>
    /// A kubelet read endpoint, for nodes/NAME/proxy/PATH: /healthz, /metrics/resource, /stats/summary and /pods;
    /// null for any other path.
    /// </summary>
    [AlwaysInterleave]
    Task<KubeletAnswer?> KubeletGet(string path);

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

[GenerateSerializer, Immutable]
public sealed record ExecRequest(
    [property: Id(0)] string? Container,
    [property: Id(1)] IReadOnlyList<string> Command,
    [property: Id(2)] bool Stdin,
    [property: Id(3)] bool Tty);

[GenerateSerializer, Immutable]
public sealed record AttachRequest(
    [property: Id(0)] string? Container,
    [property: Id(1)] bool Stdin);

[GenerateSerializer, Immutable]
public sealed record ExecOutput([property: Id(0)] int Stream, [property: Id(1)] byte[] Data, [property: Id(2)] int? ExitCode = null);
