using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Orleans.Kube.Proxy;

/// <summary>
/// One listening address of the proxy (a ClusterIP:port or a NodePort). Each accepted
/// connection is joined to a backend from its pool; a backend that refuses is skipped and the
/// next one tried, so a pod that just went away costs the client nothing. Stopping the listener
/// leaves established connections running until either side closes.
/// </summary>
public sealed partial class FrontendListener(IPEndPoint endpoint, BackendPool pool, TimeSpan connectTimeout, ILogger logger) : IAsyncDisposable
{
    private const int MaxAttempts = 3;
    private const int SolSocket = 1, SoReuseAddr = 2; // Linux values
    private readonly CancellationTokenSource stopping = new();
    private Socket? listener;
    private Task accepting = Task.CompletedTask;

    public IPEndPoint Endpoint => endpoint;
    public BackendPool Pool => pool;

    /// <summary>Binds and starts accepting; throws SocketException when the address is taken.</summary>
    public void Start()
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone lets a restarted proxy rebind past TIME_WAIT, while a second live listener
            // still gets "address in use". (.NET's ReuseAddress option would add SO_REUSEPORT, letting two
            // proxies share the port and split each service's balancing state.)
            if (OperatingSystem.IsLinux())
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
            socket.Bind(endpoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        listener = socket;
        accepting = AcceptLoopAsync(socket, stopping.Token);
    }

    private async Task AcceptLoopAsync(Socket socket, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (ct.IsCancellationRequested)
                    return;
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        client.NoDelay = true;
        var clientAddress = (client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.Loopback;
        var failed = new HashSet<Backend>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (pool.Pick(clientAddress, failed) is not { } backend)
                break;
            var upstream = new Socket(backend.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using (var timeout = new CancellationTokenSource(connectTimeout))
                    await upstream.ConnectAsync(new IPEndPoint(backend.Address, backend.Port), timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                upstream.Dispose();
                failed.Add(backend);
                LogBackendFailed(logger, backend.ToString(), endpoint.ToString(), ex.Message);
                continue;
            }
            ProxyMetrics.Connections.WithLabels(endpoint.ToString(), "forwarded").Inc();
            using (upstream)
            using (var active = pool.Track(backend))
                await PumpAsync(client, upstream, active);
            return;
        }
        // No backend took the connection: reset it, as kube-proxy's REJECT does.
        ProxyMetrics.Connections.WithLabels(endpoint.ToString(), "rejected").Inc();
        client.LingerState = new LingerOption(true, 0);
    }

    /// <summary>
    /// Copies both ways; when one side finishes sending, the other side is told (half-close).
    /// The connection stops counting as active once either side is done, as IPVS counts only
    /// established connections for least-connection.
    /// </summary>
    private static async Task PumpAsync(Socket client, Socket upstream, IDisposable active)
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
                active.Dispose();
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // A reset on one side ends both directions.
                active.Dispose();
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

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener?.Dispose();
        await accepting;
        stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Backend {Backend} of {Frontend} refused a connection: {Reason}")]
    private static partial void LogBackendFailed(ILogger logger, string backend, string frontend, string reason);
}
