using System.Net;

namespace Orleans.Kube.Proxy;

/// <summary>One ready endpoint of a service port: a pod IP and its target port.</summary>
public sealed record Backend(IPAddress Address, int Port)
{
    public override string ToString() => $"{Address}:{Port}";
}
