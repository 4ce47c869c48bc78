using System.Net;

namespace Orleans.Kube.Proxy;

/// <summary>What the proxy should serve on one address: the service port it belongs to and how to balance it.</summary>
public sealed record Frontend(IPEndPoint Endpoint, string ServicePortKey, IReadOnlyList<Backend> Backends, Scheduling Scheduling, TimeSpan? ClientIpAffinity);
