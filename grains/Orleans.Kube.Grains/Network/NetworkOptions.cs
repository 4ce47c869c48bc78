namespace Orleans.Kube.Grains;

/// <summary>
/// The cluster's address plan, bound from the "Network" configuration section. Everything lives
/// on loopback (127.0.0.0/8 is routed to lo on Linux): pods get their own 127.x address, their
/// container ports are published on it, and services get ClusterIPs the node proxies listen on.
/// </summary>
public sealed class NetworkOptions
{
    public string ServiceRange { get; set; } = "127.77.0.0/16";
    public string PodRange { get; set; } = "127.80.0.0/12";
    public string NodePortRange { get; set; } = "30000-32767";

    /// <summary>The cluster DNS zone (kubelet's --cluster-domain).</summary>
    public string ClusterDomain { get; set; } = "cluster.local";

    /// <summary>Where the cluster DNS answers inside every pod (its resolv.conf nameserver), on the pod's own lo.</summary>
    public string DnsAddress { get; set; } = "127.53.0.10";

    /// <summary>Resolvers for names outside the cluster, "ip[:port]" comma-separated; empty: the host's /etc/resolv.conf.</summary>
    public string DnsUpstreams { get; set; } = "";

    /// <summary>The port inside each pod's namespace that connections to the cluster ranges are redirected to.</summary>
    public int EgressPort { get; set; } = 15001;
}
