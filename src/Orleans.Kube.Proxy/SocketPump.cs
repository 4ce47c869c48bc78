using System.Buffers;
using System.Net.Sockets;

namespace Orleans.Kube.Proxy;

/// <summary>Joins two connected sockets, as every userspace hop of the cluster network does (node proxy, pod egress).</summary>
public static class SocketPump
{
    /// <summary>Accepts connections until <paramref name="ct"/> fires, handing each to <paramref name="serve"/> on the thread pool.</summary>
    public static async Task AcceptAllAsync(Socket listener, Func<Socket, Task> serve, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (ct.IsCancellationRequested)
                    return;
                continue;
            }
            _ = Task.Run(() => serve(client), CancellationToken.None);
        }
    }

    /// <summary>
    /// Copies both ways; when one side finishes sending, the other side is told (half-close).
    /// <paramref name="active"/> is disposed once either side is done, as IPVS counts only
    /// established connections for least-connection.
    /// </summary>
    public static async Task JoinAsync(Socket client, Socket upstream, IDisposable? active = null)
    {
        async Task CopyAsync(Socket from, Socket to)
        {
            // Large pooled buffers: fewer system calls per megabyte on bulk transfers, no garbage per connection.
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                int read;
                while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
                    await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
                active?.Dispose();
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // A reset on one side ends both directions.
                active?.Dispose();
                from.Close();
                to.Close();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        await Task.WhenAll(CopyAsync(client, upstream), CopyAsync(upstream, client));
    }
}
