using System.Net;

namespace Orleans.Kube.Proxy.Policy;

/// <summary>Whether a new TCP connection from <c>source</c> to <c>destination:port</c> may be made (NetworkPolicy).</summary>
public interface IConnectionPolicy
{
    bool Allows(IPAddress source, IPAddress destination, int port);

    /// <summary>No policies: the proxies' default where no directory is wired (tests, simulated nodes).</summary>
    public static readonly IConnectionPolicy AllowAll = new Open();

    private sealed class Open : IConnectionPolicy
    {
        public bool Allows(IPAddress source, IPAddress destination, int port) => true;
    }
}
