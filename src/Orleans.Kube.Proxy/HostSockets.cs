using System.Net;
using System.Net.Sockets;

namespace Orleans.Kube.Proxy;

/// <summary>TCP connections made on the host's own network (the path a pod's published port or a proxy answers on).</summary>
public static class HostSockets
{
    /// <summary>A connected socket, from <paramref name="source"/> when given; nothing is left open when it fails.</summary>
    public static async Task<Socket> ConnectAsync(IPEndPoint endpoint, IPAddress? source, CancellationToken cancellationToken)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null)
                socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(endpoint, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
