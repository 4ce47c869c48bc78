using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Grains;

/// <summary>
/// Port-forward tunnels: the agent of the pod's node dials the pod on its own host's loopback, so
/// an API silo on any host reaches any pod through this grain (as exec and logs do).
/// </summary>
public sealed partial class NodeAgentGrain
{
    private static readonly TimeSpan TunnelConnectTimeout = TimeSpan.FromSeconds(10);
    private const int TunnelChunk = 32 * 1024;
    private readonly Dictionary<string, Socket> tunnels = [];

    async Task<string> INodeAgentGrain.TunnelOpen(string podKey, int port)
    {
        if (!pods.TryGetValue(podKey, out var pod) || !IPAddress.TryParse(pod["status"].GetString("podIP") ?? "", out var podIp))
            throw new InvalidOperationException($"pod {podKey} does not run on node {NodeName}");
        if (!IPAddress.IsLoopback(podIp))
            throw new InvalidOperationException($"pod IP {podIp} is not a loopback address");
        var socket = await ConnectToPodAsync(podIp, port);
        var id = Guid.NewGuid().ToString("N");
        tunnels[id] = socket;
        return id;
    }

    /// <summary>
    /// With a pod network, localhost:port inside the pod's namespace, as kube's port-forward dials (any port the pod
    /// listens on answers, loopback-only listeners too); else the pod IP's port Docker published.
    /// </summary>
    private async Task<Socket> ConnectToPodAsync(IPAddress podIp, int port)
    {
        using var timeout = new CancellationTokenSource(TunnelConnectTimeout);
        if (Network is { } network
            && await network.TryConnectInsideAsync(podIp, new IPEndPoint(IPAddress.Loopback, port), null, timeout.Token) is { } inside)
            return inside;
        return await HostSockets.ConnectAsync(new IPEndPoint(podIp, port), null, timeout.Token);
    }

    async Task INodeAgentGrain.TunnelWrite(string tunnel, byte[] data)
    {
        if (tunnels.TryGetValue(tunnel, out var socket))
            await socket.SendAsync(data, SocketFlags.None);
    }

    Task INodeAgentGrain.TunnelCloseWrite(string tunnel)
    {
        if (tunnels.TryGetValue(tunnel, out var socket))
            socket.Shutdown(SocketShutdown.Send);
        return Task.CompletedTask;
    }

    async IAsyncEnumerable<byte[]> INodeAgentGrain.TunnelRead(string tunnel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!tunnels.TryGetValue(tunnel, out var socket))
            yield break;
        try
        {
            var buffer = new byte[TunnelChunk];
            while (true)
            {
                int read;
                try
                {
                    read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                }
                catch (SocketException)
                {
                    yield break; // the pod reset the connection: the stream just ends
                }
                if (read == 0)
                    yield break;
                yield return buffer[..read];
            }
        }
        finally
        {
            tunnels.Remove(tunnel);
            socket.Dispose();
        }
    }
}
