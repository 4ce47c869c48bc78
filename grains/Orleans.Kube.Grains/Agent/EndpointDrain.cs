using System.Text.Json.Nodes;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Grains;

/// <summary>
/// Before a deleted pod's containers get SIGTERM, the node agent waits (briefly, bounded) until no
/// EndpointSlice lists the pod's IP as ready any more, so the proxies have stopped sending it new
/// connections by the time it stops listening (the deregistration delay load balancers have). kube
/// leaves this race to a preStop hook; here a rolling update behind a Service loses no request without one.
/// </summary>
public static class EndpointDrain
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    public static async Task WaitAsync(ClusterDirectory? directory, string? podIp, string ns)
    {
        if (directory is null || string.IsNullOrEmpty(podIp))
            return;
        var deadline = DateTimeOffset.UtcNow + MaxWait;
        while (IsReadyEndpoint(directory.Snapshot, podIp, ns) && DateTimeOffset.UtcNow < deadline)
            await Task.Delay(Step);
    }

    /// <summary>Whether a slice of the pod's namespace lists the IP with ready not false.</summary>
    public static bool IsReadyEndpoint(ClusterSnapshot snapshot, string podIp, string ns) =>
        snapshot.Slices.Where(s => s.Key.Namespace == ns)
            .SelectMany(s => (s.Value["endpoints"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Any(e => ClusterSnapshot.IsReady(e) && ((e["addresses"] as JsonArray)?.Any(a => a?.GetValue<string>() == podIp) ?? false));
}
