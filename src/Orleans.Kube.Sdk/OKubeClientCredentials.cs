using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace Orleans.Kube.Sdk;

/// <summary>
/// What a grain client shows the gateways (Orleans' mutual TLS): a client certificate of the
/// cluster admin (O=system:masters) and the cluster CA that the silos' certificates must chain to.
/// The same credentials kubectl uses, so they are read from a kubeconfig or the cluster's pki folder.
/// </summary>
public sealed class OKubeClientCredentials
{
    private OKubeClientCredentials(X509Certificate2? clientCertificate, X509Certificate2? clusterCa)
    {
        ClientCertificate = clientCertificate;
        ClusterCa = clusterCa;
    }

    /// <summary>The client certificate with its private key; null for <see cref="Plaintext"/>.</summary>
    public X509Certificate2? ClientCertificate { get; }

    public X509Certificate2? ClusterCa { get; }

    /// <summary>No TLS: only for silos started with Security:ClusterTls=false (measuring TLS's cost).</summary>
    public static OKubeClientCredentials Plaintext { get; } = new(null, null);

    public static OKubeClientCredentials FromCertificates(X509Certificate2 clientCertificate, X509Certificate2 clusterCa) =>
        new(clientCertificate, clusterCa);

    /// <summary>
    /// The current (or named) context's user certificate and cluster CA of a kubeconfig: the file
    /// given, else $KUBECONFIG's first file, else ~/.kube/config (as kubectl looks).
    /// </summary>
    public static OKubeClientCredentials FromKubeconfig(string? path = null, string? context = null)
    {
        var file = path is { Length: > 0 } ? path
            : Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(f => f.Length > 0)
              ?? KubernetesClientConfiguration.KubeConfigDefaultLocation;
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(file, context);
        var ca = config.SslCaCerts?.Cast<X509Certificate2>().FirstOrDefault()
            ?? throw new InvalidOperationException($"{file}: the cluster has no certificate-authority; a grain client needs the cluster CA");
        var certPem = Pem(config.ClientCertificateData, config.ClientCertificateFilePath);
        var keyPem = Pem(config.ClientCertificateKeyData, config.ClientKeyFilePath);
        if (certPem is null || keyPem is null)
            throw new InvalidOperationException($"{file}: the user has no client-certificate and client-key; a grain client needs the cluster admin's certificate");
        return new(Load(certPem, keyPem), ca);
    }

    /// <summary>A cluster's pki folder (`okube up`'s .okube/pki, Compose's compose/.state/pki): ca.crt, admin.crt, admin.key.</summary>
    public static OKubeClientCredentials FromPkiDirectory(string directory) =>
        new(Load(File.ReadAllText(Path.Combine(directory, "admin.crt")), File.ReadAllText(Path.Combine(directory, "admin.key"))),
            X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "ca.crt")));

    private static string? Pem(string? base64Data, string? filePath) =>
        base64Data is { Length: > 0 } ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64Data))
        : filePath is { Length: > 0 } ? File.ReadAllText(filePath)
        : null;

    private static X509Certificate2 Load(string certPem, string keyPem)
    {
        using var certificate = X509Certificate2.CreateFromPem(certPem, keyPem);
        // SslStream wants a key it can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
