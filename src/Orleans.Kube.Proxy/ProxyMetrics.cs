using Prometheus;

namespace Orleans.Kube.Proxy;

/// <summary>Connections the node proxy carried, per frontend address, and the ones no backend took.</summary>
public static class ProxyMetrics
{
    public static readonly Counter Connections = Metrics.CreateCounter(
        "okube_proxy_connections_total", "Connections accepted by the node proxy, by frontend (ClusterIP:port or NodePort) and outcome.", "frontend", "outcome");
}
