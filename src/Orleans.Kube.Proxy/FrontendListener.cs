using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Proxy.Policy;

namespace Orleans.Kube.Proxy;

/// <summary>
/// One listening address of the proxy (a ClusterIP:port or a NodePort). Each accepted
/// connection is joined to a backend from its pool; a backend that refuses is skipped and the
/// next one tried, so a pod that just went away costs the client nothing. Endpoints NetworkPolicy closes to this
/// client are skipped the same way (the client's address is the pod IP when the pod network carried it). A backend on this
/// host is dialled inside its pod's namespace from the client's address (<see cref="IPodDialer"/>), so undeclared ports
/// answer and the pod sees who called. Stopping the listener
/// leaves established connections running until either side closes.
/// </summary>
public sealed partial class FrontendListener(IPEndPoint endpoint, BackendPool pool, IConnectionPolicy policy, IPodDialer dialer, TimeSpan connectTimeout,
    ILogger logger, bool shared = false) : IAsyncDisposable
{
    private const int MaxAttempts = 3;
    private const int SolSocket = 1, SoReuseAddr = 2, SoReusePort = 15; // Linux values
    private readonly CancellationTokenSource stopping = new();
    private Socket? listener;
    private Task accepting = Task.CompletedTask;

    public IPEndPoint Endpoint => endpoint;
    public BackendPool Pool => pool;

    /// <summary>Listening alongside the other node proxies of the host (<see cref="Frontend.Shareable"/>).</summary>
    public bool Shared => shared;

    /// <summary>Binds and starts accepting; throws SocketException when the address is taken (by an unshared listener, when shared).</summary>
    public void Start()
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone lets a restarted proxy rebind past TIME_WAIT, while a second live listener
            // still gets "address in use". A shared listener adds SO_REUSEPORT: the host's proxies all listen
            // and the kernel spreads connections over the live ones. (.NET's ReuseAddress option sets both.)
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
                if (shared)
                    socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
            }
            socket.Bind(endpoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        listener = socket;
        accepting = SocketPump.AcceptAllAsync(socket, ServeAsync, stopping.Token);
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        client.NoDelay = true;
        var clientAddress = (client.RemoteEndPoint as IPEndPoint)?.Address ?? IPAddress.Loopback;
        var failed = new HashSet<Backend>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (pool.PickAdmitted(clientAddress, failed, policy) is not { } backend)
                break;
            Socket upstream;
            try
            {
                upstream = await ConnectAsync(backend, clientAddress);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                failed.Add(backend);
                LogBackendFailed(logger, backend.ToString(), endpoint.ToString(), ex.Message);
                continue;
            }
            ProxyMetrics.Connections.WithLabels(endpoint.ToString(), "forwarded").Inc();
            using (upstream)
            using (var active = pool.Track(backend))
                await SocketPump.JoinAsync(client, upstream, active);
            return;
        }
        // No backend took the connection (or NetworkPolicy allows none): reset it, as kube-proxy's REJECT does.
        ProxyMetrics.Connections.WithLabels(endpoint.ToString(), "rejected").Inc();
        client.LingerState = new LingerOption(true, 0);
    }

    private async Task<Socket> ConnectAsync(Backend backend, IPAddress clientAddress)
    {
        var endpoint = new IPEndPoint(backend.Address, backend.Port);
        using var timeout = new CancellationTokenSource(connectTimeout);
        return await dialer.TryConnectInsideAsync(endpoint, clientAddress, timeout.Token)
            ?? await HostSockets.ConnectAsync(endpoint, null, timeout.Token);
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
