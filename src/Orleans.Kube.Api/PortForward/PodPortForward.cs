using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// kubectl port-forward: the portforward.k8s.io protocol over SPDY/3.1, tunnelled in a WebSocket
/// (subprotocol "SPDY/3.1+portforward.k8s.io", kubectl's default) or on a plain HTTP upgrade.
/// Per forwarded connection the client opens an error stream and a data stream with the same
/// requestid; the data stream is joined to a TCP connection to podIP:port (a loopback address).
/// </summary>
internal static class PodPortForward
{
    private const string TunnelProtocol = "SPDY/3.1+portforward.k8s.io";
    private const string StreamProtocol = "portforward.k8s.io";

    /// <summary>One forwarded connection: its two streams and the data that arrived before the pod answered.</summary>
    private sealed class Forward
    {
        public uint? ErrorStream;
        public uint? DataStream;
        public int Port;
        public bool Started;
        public readonly Channel<(ReadOnlyMemory<byte> Data, bool Fin)> Inbound = Channel.CreateUnbounded<(ReadOnlyMemory<byte>, bool)>();
    }

    public static async Task RunAsync(HttpContext http, IGrainFactory grains, ApiPath path)
    {
        var podResult = await grains.For(ResourceKinds.Pod, path.Namespace, path.Name!).Get();
        if (!podResult.IsSuccess)
        {
            await http.Response.WriteAsync(podResult);
            return;
        }
        var pod = KubeJson.ParseObject(podResult.Body);
        if (pod["status"].GetString("phase") != "Running" || !IPAddress.TryParse(pod["status"].GetString("podIP") ?? "", out var podIp) || !IPAddress.IsLoopback(podIp))
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"unable to forward: pod {path.Name} is not running"));
            return;
        }

        Stream transport;
        if (http.WebSockets.IsWebSocketRequest && http.WebSockets.WebSocketRequestedProtocols.Contains(TunnelProtocol))
        {
            // ASP.NET Core refuses a subprotocol with '/' (not an RFC 6455 token), so the header is set by hand.
            http.Response.Headers.SecWebSocketProtocol = TunnelProtocol;
            var socket = await http.WebSockets.AcceptWebSocketAsync();
            transport = new WebSocketTunnel(socket);
        }
        else if (http.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade &&
                 http.Request.Headers.Upgrade.ToString().StartsWith("SPDY/3.1", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.Headers["X-Stream-Protocol-Version"] = StreamProtocol;
            http.Response.Headers.Upgrade = "SPDY/3.1";
            http.Response.Headers.Connection = "Upgrade";
            transport = await upgrade.UpgradeAsync();
        }
        else
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"port-forward needs a WebSocket upgrade with subprotocol {TunnelProtocol}, or an SPDY/3.1 upgrade"));
            return;
        }

        await using var tunnel = transport;
        var ct = http.RequestAborted;
        var session = new SpdySession(transport);
        var forwards = new ConcurrentDictionary<string, Forward>();
        var byDataStream = new ConcurrentDictionary<uint, Forward>();
        var running = new List<Task>();

        Task Opened(SpdyStreamOpened stream)
        {
            var requestId = stream.Headers.GetValueOrDefault("requestid") ?? stream.StreamId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var forward = forwards.GetOrAdd(requestId, _ => new Forward());
            lock (forward)
            {
                _ = int.TryParse(stream.Headers.GetValueOrDefault("port"), out forward.Port);
                if (stream.Headers.GetValueOrDefault("streamtype") == "error")
                    forward.ErrorStream = stream.StreamId;
                else
                {
                    forward.DataStream = stream.StreamId;
                    byDataStream[stream.StreamId] = forward;
                }
                if (forward.ErrorStream is null || forward.DataStream is null || forward.Started)
                    return Task.CompletedTask;
                forward.Started = true;
            }
            lock (running)
                running.Add(ForwardAsync(session, podIp, forward, ct));
            return Task.CompletedTask;
        }

        Task Data(uint streamId, ReadOnlyMemory<byte> data, bool fin)
        {
            // Unbounded, so this only fails once the pod's side has finished: late data has nowhere to go.
            if (byDataStream.TryGetValue(streamId, out var forward))
                forward.Inbound.Writer.TryWrite((data, fin));
            return Task.CompletedTask;
        }

        Task Reset(uint streamId)
        {
            if (byDataStream.TryGetValue(streamId, out var forward))
                forward.Inbound.Writer.TryWrite((ReadOnlyMemory<byte>.Empty, true));
            return Task.CompletedTask;
        }

        try
        {
            await session.RunAsync(Opened, Data, Reset, ct);
        }
        catch (Exception ex) when (ex is IOException or WebSocketException or OperationCanceledException or EndOfStreamException)
        {
            // The client went away: its forwarded connections end with it.
        }
        catch (Exception ex)
        {
            http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(PodPortForward)).LogWarning(ex, "port-forward to pod {Pod} failed", path.Name);
        }
        foreach (var forward in forwards.Values)
            forward.Inbound.Writer.TryComplete();
        Task[] pending;
        lock (running)
            pending = running.ToArray();
        await Task.WhenAll(pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task ForwardAsync(SpdySession session, IPAddress podIp, Forward forward, CancellationToken ct)
    {
        var data = forward.DataStream!.Value;
        var error = forward.ErrorStream!.Value;
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(podIp, forward.Port, ct);
        }
        catch (SocketException ex)
        {
            var message = $"error forwarding port {forward.Port} to pod {podIp}: {ex.Message}";
            await session.WriteDataAsync(error, Encoding.UTF8.GetBytes(message), fin: true, ct);
            await session.WriteDataAsync(data, ReadOnlyMemory<byte>.Empty, fin: true, ct);
            return;
        }
        var socket = tcp.Client;
        var upstream = Task.Run(async () =>
        {
            await foreach (var (chunk, fin) in forward.Inbound.Reader.ReadAllAsync(ct))
            {
                if (!chunk.IsEmpty)
                    await socket.SendAsync(chunk, SocketFlags.None, ct);
                if (fin)
                {
                    socket.Shutdown(SocketShutdown.Send);
                    return;
                }
            }
        }, ct);
        var buffer = new byte[32 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct)) > 0)
                await session.WriteDataAsync(data, buffer.AsMemory(0, read), fin: false, ct);
        }
        catch (SocketException)
        {
            // The pod reset the connection: end the stream the same way.
        }
        await session.WriteDataAsync(data, ReadOnlyMemory<byte>.Empty, fin: true, ct);
        await session.WriteDataAsync(error, ReadOnlyMemory<byte>.Empty, fin: true, ct);
        forward.Inbound.Writer.TryComplete();
        await upstream.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
