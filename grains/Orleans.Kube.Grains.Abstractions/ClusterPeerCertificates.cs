using System.Security.Cryptography.X509Certificates;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// Who may speak Orleans' protocol with the silos (silo-to-silo and client-to-gateway TLS): a
/// certificate the cluster CA issued, naming a group that is allowed there. Silos hold a silo
/// certificate (O=<see cref="SiloGroup"/>); grain clients present a cluster-admin certificate
/// (O=<see cref="AdminGroup"/>), because a grain client bypasses the API's RBAC.
/// </summary>
public static class ClusterPeerCertificates
{
    public const string SiloGroup = "system:okube-silos";
    public const string AdminGroup = "system:masters";

    /// <summary>The groups a silo accepts on its silo and gateway ports.</summary>
    public static readonly string[] SiloAccepts = [SiloGroup, AdminGroup];

    /// <summary>The groups a grain client accepts from a gateway.</summary>
    public static readonly string[] ClientAccepts = [SiloGroup];

    /// <summary>Was <paramref name="certificate"/> issued by <paramref name="ca"/>, still valid, and does it name one of <paramref name="groups"/>?</summary>
    public static bool Accepts(X509Certificate2 certificate, X509Certificate2 ca, IReadOnlyCollection<string> groups) =>
        IssuedBy(certificate, ca) && Organizations(certificate).Any(groups.Contains);

    /// <summary>Does <paramref name="certificate"/> chain to <paramref name="ca"/> (and only to it) and is it valid now?</summary>
    public static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static IEnumerable<string> Organizations(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue() ?? "");
}
