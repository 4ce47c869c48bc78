using System.Net;

namespace Orleans.Kube.Proxy;

/// <summary>What the proxy should serve on one address: the service port it belongs to and how to balance it.</summary>
public sealed record Frontend(IPEndPoint Endpoint, string ServicePortKey, IReadOnlyList<Backend> Backends, Scheduling Scheduling, TimeSpan? ClientIpAffinity)
{
    /// <summary>
    /// Can every node proxy on a host listen here at once (SO_REUSEPORT, the kernel spreading new connections over
    /// them)? Yes for round-robin without affinity: each proxy's own rotation keeps the whole even, and one proxy's
    /// death leaves the others serving with no gap. Affinity, source-hash and least-connection need their state in
    /// one place, so those keep one owner per host, the others standing by.
    /// </summary>
    public bool Shareable => Scheduling == Scheduling.RoundRobin && ClientIpAffinity is null;
}
