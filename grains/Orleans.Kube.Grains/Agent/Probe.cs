using System.Net.Sockets;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// One liveness, readiness or startup probe of one container, with kube's timing and thresholds.
/// Network probes go to the container's published port on the node's bind address (loopback).
/// </summary>
public sealed class Probe(JsonObject spec, string kind)
{
    private static readonly HttpClient Http = new();
    private DateTimeOffset nextRun = DateTimeOffset.MinValue;
    private int consecutiveFailures;
    private int consecutiveSuccesses;

    public string Kind => kind;

    /// <summary>The latest verdict: readiness starts false, liveness and startup start true.</summary>
    public bool Healthy { get; private set; } = kind != "readiness";
    public bool Succeeded { get; private set; }
    public string LastFailure { get; private set; } = "";

    private int Threshold(string field, int fallback) => spec[field]?.GetValue<int>() ?? fallback;

    /// <summary>Runs the probe if it is due for a container running since <paramref name="startedAt"/>.</summary>
    public async Task<bool> RunIfDueAsync(IContainerRuntime runtime, ContainerInfo container, JsonObject containerSpec, DateTimeOffset startedAt, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        if (now < startedAt + TimeSpan.FromSeconds(Threshold("initialDelaySeconds", 0)) || now < nextRun)
            return false;
        nextRun = now + TimeSpan.FromSeconds(Threshold("periodSeconds", 10));
        var timeout = TimeSpan.FromSeconds(Threshold("timeoutSeconds", 1));
        var (ok, failure) = await CheckAsync(runtime, container, containerSpec, timeout, ct);
        if (ok)
        {
            consecutiveFailures = 0;
            if (++consecutiveSuccesses >= Threshold("successThreshold", 1))
            {
                Healthy = true;
                Succeeded = true;
            }
        }
        else
        {
            consecutiveSuccesses = 0;
            LastFailure = failure;
            if (++consecutiveFailures >= Threshold("failureThreshold", 3))
                Healthy = false;
        }
        return true;
    }

    private async Task<(bool Ok, string Failure)> CheckAsync(IContainerRuntime runtime, ContainerInfo container, JsonObject containerSpec, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            if (spec["exec"]?["command"] is JsonArray command)
            {
                var result = await runtime.ExecAsync(container.Id, command.Select(c => c!.ToString()).ToList(), timeout, ct);
                return (result.ExitCode == 0, $"command failed with exit code {result.ExitCode}: {result.Stdout}{result.Stderr}".Trim());
            }
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cts.CancelAfter(timeout);
            if (spec["httpGet"] is JsonObject http)
            {
                var (host, port) = Endpoint(container, containerSpec, http["port"]);
                var path = http.GetString("path") ?? "/";
                using var response = await Http.GetAsync($"{http.GetString("scheme")?.ToLowerInvariant() ?? "http"}://{host}:{port}{path}", cts.Token);
                var code = (int)response.StatusCode;
                return (code is >= 200 and < 400, $"HTTP probe failed with statuscode: {code}");
            }
            if (spec["tcpSocket"] is JsonObject tcp)
            {
                var (host, port) = Endpoint(container, containerSpec, tcp["port"]);
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cts.Token);
                return (true, "");
            }
            return (true, "");
        }
        catch (Exception ex) when (ex is OperationCanceledException or HttpRequestException or SocketException or InvalidOperationException)
        {
            return (false, ex is OperationCanceledException ? "probe timed out" : ex.Message);
        }
    }

    /// <summary>The loopback host port published for the probed container port.</summary>
    private static (string Host, int Port) Endpoint(ContainerInfo container, JsonObject containerSpec, JsonNode? port)
    {
        var containerPort = port is JsonValue v && v.TryGetValue<int>(out var number)
            ? number
            : (containerSpec["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => p.GetString("name") == port?.ToString())?["containerPort"]?.GetValue<int>()
              ?? throw new InvalidOperationException($"unknown probe port {port}");
        var mapping = container.Ports.FirstOrDefault(p => p.ContainerPort == containerPort)
            ?? throw new InvalidOperationException($"port {containerPort} is not published");
        return (mapping.HostIp is "" or "0.0.0.0" ? "127.0.0.1" : mapping.HostIp, mapping.HostPort);
    }
}
