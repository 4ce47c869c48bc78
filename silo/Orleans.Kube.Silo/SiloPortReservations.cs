using Microsoft.Extensions.Options;
using Orleans.Kube.Grains;
using Orleans.Kube.Proxy.Ingress;
using Orleans.Kube.Store;

namespace Orleans.Kube.Silo;

/// <summary>
/// Holds, in the NodePort pool, every port this silo listens on that falls inside the pool's
/// range (its silo, gateway and HTTP ports, and the ingress proxy's), so no Service is ever handed a NodePort the node
/// proxy could not listen on (or whose traffic would land in Orleans). The defaults sit outside
/// 30000-32767; this covers ports configured into it. Released on a graceful stop; a killed silo's
/// rows stay until it starts again under the same node name.
/// </summary>
public sealed class SiloPortReservations(SiloSettings settings, AllocationStore allocations, NetworkPools pools, IOptions<IngressOptions> ingress,
    ILogger<SiloPortReservations> logger)
    : IHostedService
{
    private string Owner => $"silo/{settings.NodeName}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var port in ListeningPorts().Where(p => pools.NodePorts.Contains(p)).Distinct())
            if (!await allocations.ReserveAsync(pools.NodePorts, port, AllocationStore.SiloOwnerResource, Owner, cancellationToken))
                logger.LogWarning("Port {Port} of silo {Node} is already a Service's NodePort; choose a silo port outside {Range}",
                    port, settings.NodeName, $"{pools.NodePorts.First}-{pools.NodePorts.Last}");
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        allocations.ReleaseAllAsync(Owner, cancellationToken);

    private IEnumerable<long> ListeningPorts()
    {
        yield return settings.SiloPort;
        yield return settings.GatewayPort;
        if (Uri.TryCreate(settings.HttpUrl, UriKind.Absolute, out var http) && http.Port > 0)
            yield return http.Port;
        if (settings.HasRole(SiloRoles.Worker) && ingress.Value.Enabled)
            foreach (var port in new[] { ingress.Value.HttpPort, ingress.Value.HttpsPort }.Where(p => p > 0))
                yield return port;
    }
}
