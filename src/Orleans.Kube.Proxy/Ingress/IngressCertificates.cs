using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Kube.Proxy.Ingress;

/// <summary>
/// Server certificates by SNI name: the kubernetes.io/tls Secret an Ingress's spec.tls names for the host
/// (parsed once per Secret revision), else a self-signed default certificate, as ingress controllers serve
/// their "fake" certificate for hosts they hold no certificate for.
/// </summary>
public sealed class IngressCertificates(IngressDirectory directory)
{
    private readonly ConcurrentDictionary<(string Namespace, string Name), (string Revision, X509Certificate2? Certificate)> parsed = new();
    private readonly Lazy<X509Certificate2> fallback = new(SelfSigned);

    public X509Certificate2 For(string? serverName)
    {
        if (serverName is { Length: > 0 } && directory.Routes.CertificateFor(serverName) is { } reference
            && directory.Secret(reference.Namespace, reference.Name) is { } secret)
        {
            var revision = secret["metadata"]?["resourceVersion"]?.ToString() ?? "";
            var key = (reference.Namespace, reference.Name);
            if (!parsed.TryGetValue(key, out var known) || known.Revision != revision)
                parsed[key] = known = (revision, Parse(secret["data"]?["tls.crt"]?.ToString(), secret["data"]?["tls.key"]?.ToString()));
            if (known.Certificate is not null)
                return known.Certificate;
        }
        return fallback.Value;
    }

    private static X509Certificate2? Parse(string? certificate, string? key)
    {
        if (certificate is null || key is null)
            return null;
        try
        {
            return X509Certificate2.CreateFromPem(
                System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(certificate)),
                System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(key)));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=okube ingress default certificate", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
