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
/// requestid; the data stream is joined to a TCP connection that the agent of the pod's node opens to
/// podIP:port on its host's loopback (a tunnel through the agent grain).
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
        if (pod["status"].GetString("phase") != "Running" || pod["spec"].GetString("nodeName") is not { Length: > 0 } nodeName)
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
        // The pod's own node agent dials it, so this works from an API silo on any host.
        var agent = grains.GetGrain<INodeAgentGrain>(nodeName);
        var podKey = ResourceGrains.Key(path.Namespace, path.Name!);
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
                running.Add(ForwardAsync(session, agent, podKey, forward, ct));
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

    private static async Task ForwardAsync(SpdySession session, INodeAgentGrain agent, string podKey, Forward forward, CancellationToken ct)
    {
        var data = forward.DataStream!.Value;
        var error = forward.ErrorStream!.Value;
        string tunnel;
        try
        {
            tunnel = await agent.TunnelOpen(podKey, forward.Port);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var message = $"error forwarding port {forward.Port} to pod {podKey}: {ex.Message}";
            await session.WriteDataAsync(error, Encoding.UTF8.GetBytes(message), fin: true, ct);
            await session.WriteDataAsync(data, ReadOnlyMemory<byte>.Empty, fin: true, ct);
            return;
        }
        var upstream = Task.Run(async () =>
        {
            await foreach (var (chunk, fin) in forward.Inbound.Reader.ReadAllAsync(ct))
            {
                if (!chunk.IsEmpty)
                    await agent.TunnelWrite(tunnel, chunk.ToArray());
                if (fin)
                {
                    await agent.TunnelCloseWrite(tunnel);
                    return;
                }
            }
        }, ct);
        await foreach (var chunk in agent.TunnelRead(tunnel, ct).WithCancellation(ct))
            await session.WriteDataAsync(data, chunk, fin: false, ct);
        await session.WriteDataAsync(data, ReadOnlyMemory<byte>.Empty, fin: true, ct);
        await session.WriteDataAsync(error, ReadOnlyMemory<byte>.Empty, fin: true, ct);
        forward.Inbound.Writer.TryComplete();
        await upstream.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
