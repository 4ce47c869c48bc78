using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// The API silo's TLS certificate, issued by the cluster CA at start-up for its own addresses,
/// localhost and the `kubernetes` Service names; reissued once the Service's ClusterIP is known,
/// so pods reaching the API through that Service can verify it (as kube-apiserver's cert does).
/// </summary>
public sealed class ServingCertificate
{
    private static readonly string[] ServiceNames =
        ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];
    private readonly ClusterPki pki;
    private readonly HashSet<string> names;
    private readonly HashSet<IPAddress> addresses;
    private readonly Lock gate = new();

    public ServingCertificate(ClusterPki pki, IEnumerable<string> hosts)
    {
        this.pki = pki;
        names = [.. ServiceNames];
        addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
            {
                if (!ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any))
                    addresses.Add(ip);
            }
            else if (host is { Length: > 0 } and not "*" and not "+")
                names.Add(host);
        }
        Current = pki.IssueServing(names, addresses);
    }

    public X509Certificate2 Current { get; private set; }

    /// <summary>Adds an address (the `kubernetes` Service's ClusterIP) and reissues when it is new.</summary>
    public void AddAddress(IPAddress address)
    {
        lock (gate)
        {
            if (!addresses.Add(address))
                return;
            Current = pki.IssueServing(names, addresses);
        }
    }
}
