using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// kubectl exec and attach over WebSocket (subprotocol v5/v4.channel.k8s.io): each binary message starts with
/// a channel byte (0 stdin, 1 stdout, 2 stderr, 3 error/status, 4 resize; v5: 255 closes a
/// channel). The session runs in the node agent of the pod's host; exec starts a command, attach
/// joins the container's own stdio.
/// </summary>
internal static class PodExec
{
    private static readonly string[] Protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"];

    public static async Task RunAsync(HttpContext http, IGrainFactory grains, ApiPath path)
    {
        var verb = path.Subresource!;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"{verb} needs a WebSocket upgrade (subprotocol v5.channel.k8s.io or v4.channel.k8s.io)"));
            return;
        }
        var protocol = Protocols.FirstOrDefault(p => http.WebSockets.WebSocketRequestedProtocols.Contains(p));
        if (protocol is null)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"unsupported {verb} subprotocol; use v5.channel.k8s.io or v4.channel.k8s.io"));
            return;
        }
        var podResult = await grains.For(ResourceKinds.Pod, path.Namespace, path.Name!).Get();
        if (!podResult.IsSuccess)
        {
            await http.Response.WriteAsync(podResult);
            return;
        }
        var pod = KubeJson.ParseObject(podResult.Body);
        var query = http.Request.Query;
        var container = query["container"].ToString() is { Length: > 0 } c ? c : null;
        var stdin = Flag(query["stdin"]);
        var request = new ExecRequest(container, query["command"].Select(x => x ?? "").ToList(), stdin, Flag(query["tty"]));
        // kubectl asks for the streams it wants; absent means no for stdin and tty, yes for stdout and stderr.
        var stdout = query["stdout"].Count == 0 || Flag(query["stdout"]);
        var stderr = query["stderr"].Count == 0 || Flag(query["stderr"]);

        using var socket = await http.WebSockets.AcceptWebSocketAsync(protocol);
        var ct = http.RequestAborted;
        if (pod["spec"].GetString("nodeName") is not { Length: > 0 } node)
        {
            await SendStatusAsync(socket, Failure($"pod {path.Name} is not running on any node", null), ct);
            return;
        }
        var agent = grains.GetGrain<INodeAgentGrain>(node);
        string session;
        try
        {
            var podKey = ResourceGrains.Key(path.Namespace, path.Name!);
            session = verb == "attach"
                ? await agent.AttachStart(podKey, new AttachRequest(container, stdin))
                : await agent.ExecStart(podKey, request);
        }
        catch (Exception ex)
        {
            await SendStatusAsync(socket, Failure(ex.Message, null), ct);
            return;
        }

        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var input = PumpInputAsync(socket, agent, session, done.Token);
        int? exitCode = null;
        await foreach (var output in agent.ExecRead(session, done.Token).WithCancellation(done.Token))
        {
            if (output.ExitCode is { } code)
            {
                exitCode = code;
                break;
            }
            if (output.Stream == 1 ? stdout : stderr)
                await SendAsync(socket, (byte)output.Stream, output.Data, done.Token);
        }
        await SendStatusAsync(socket, exitCode is 0 or null ? Success() : Failure(
            $"command terminated with non-zero exit code: error executing command [{string.Join(" ", request.Command)}], exit code {exitCode}", exitCode), ct);
        await done.CancelAsync();
        await input.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static bool Flag(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is "true" or "1" or "True";

    private static async Task PumpInputAsync(WebSocket socket, INodeAgentGrain agent, string session, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await agent.ExecCloseInput(session);
                return;
            }
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
                continue;
            var frame = message.ToArray();
            message.SetLength(0);
            if (frame.Length == 0)
                continue;
            var payload = frame[1..];
            switch (frame[0])
            {
                case 0 when payload.Length > 0:
                    await agent.ExecInput(session, payload);
                    break;
                case 4:
                    var size = JsonNode.Parse(payload);
                    await agent.ExecResize(session, size?["Width"]?.GetValue<int>() ?? 80, size?["Height"]?.GetValue<int>() ?? 24);
                    break;
                case 255 when payload is [0]:
                    await agent.ExecCloseInput(session);
                    break;
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, byte channel, byte[] data, CancellationToken ct)
    {
        var frame = new byte[data.Length + 1];
        frame[0] = channel;
        data.CopyTo(frame, 1);
        await socket.SendAsync(frame, WebSocketMessageType.Binary, true, ct);
    }

    private static async Task SendStatusAsync(WebSocket socket, JsonObject status, CancellationToken ct)
    {
        await SendAsync(socket, 3, Encoding.UTF8.GetBytes(KubeJson.Write(status)), ct);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", ct);
    }

    private static JsonObject Success() => new() { ["metadata"] = new JsonObject(), ["status"] = "Success" };

    private static JsonObject Failure(string message, int? exitCode)
    {
        var status = new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message };
        if (exitCode is { } code)
        {
            status["reason"] = "NonZeroExitCode";
            status["details"] = new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ExitCode", ["message"] = code.ToString() }),
            };
        }
        else
            status["reason"] = "InternalError";
        return status;
    }
}
