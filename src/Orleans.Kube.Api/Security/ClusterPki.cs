using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Kube.Grains.Abstractions;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// The cluster's credentials in one folder (kubeadm's /etc/kubernetes/pki idea): the CA that signs
/// serving and client certificates, the admin client certificate the kubeconfig carries
/// (CN=kubernetes-admin, O=system:masters), and the key that signs ServiceAccount tokens. Private
/// keys are 0600. Created once by whichever process comes first; the others wait for it.
/// </summary>
public sealed class ClusterPki
{
    public const string CaCertFile = "ca.crt";
    public const string CaKeyFile = "ca.key";
    public const string AdminCertFile = "admin.crt";
    public const string AdminKeyFile = "admin.key";
    public const string ServiceAccountKeyFile = "sa.key";
    private const string LockFile = ".creating";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private ClusterPki(string directory, X509Certificate2 ca, RSA serviceAccountKey)
    {
        Directory = directory;
        Ca = ca;
        ServiceAccountKey = serviceAccountKey;
    }

    public string Directory { get; }

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Ca { get; }

    public RSA ServiceAccountKey { get; }

    public string CaPem => Ca.ExportCertificatePem();

    /// <summary>Loads the folder's credentials, creating them first when the folder has none.</summary>
    public static ClusterPki LoadOrCreate(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var caCert = Path.Combine(directory, CaCertFile);
        if (!File.Exists(caCert))
            CreateOnce(directory);
        var ca = X509Certificate2.CreateFromPemFile(caCert, Path.Combine(directory, CaKeyFile));
        var saKey = RSA.Create();
        saKey.ImportFromPem(File.ReadAllText(Path.Combine(directory, ServiceAccountKeyFile)));
        return new ClusterPki(directory, ca, saKey);
    }

    /// <summary>A serving certificate for this silo's addresses, valid for a year, made at every start.</summary>
    /// <remarks>RSA, as kube-apiserver's: small TLS clients (busybox wget in a pod) offer no ECDSA suites.</remarks>
    public X509Certificate2 IssueServing(IEnumerable<string> dnsNames, IEnumerable<IPAddress> addresses)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames.Distinct())
            san.AddDnsName(name);
        foreach (var address in addresses.Distinct())
            san.AddIpAddress(address);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuth)], false));
        using var issued = Sign(request, TimeSpan.FromDays(365));
        // Kestrel needs the key in a form SslStream can use: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A client certificate: CN is the user, each O a group (kube's x509 authenticator).</summary>
    public (string CertPem, string KeyPem) IssueClient(string user, IEnumerable<string> groups, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = SignEcdsa(key, user, groups, [ClientAuth], lifetime);
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>
    /// This silo's certificate for Orleans' silo and gateway TLS (both ends of a connection, so
    /// client and server authentication), O=system:okube-silos; made at every start, valid a year.
    /// </summary>
    public X509Certificate2 IssueSilo(string nodeName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = SignEcdsa(key, $"system:okube-silo:{nodeName}", [ClusterPeerCertificates.SiloGroup], [ServerAuth, ClientAuth], TimeSpan.FromDays(365));
        // SslStream wants a key it can use: round-trip through PKCS#12.
        using var withKey = cert.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Is <paramref name="certificate"/> a client certificate this CA issued and still valid?</summary>
    public bool Issued(X509Certificate2 certificate) => ClusterPeerCertificates.IssuedBy(certificate, Ca);

    private X509Certificate2 SignEcdsa(ECDsa key, string commonName, IEnumerable<string> groups, string[] usages, TimeSpan lifetime)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
            subject.AddOrganizationName(group);
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var oids = new OidCollection();
        foreach (var usage in usages)
            oids.Add(new Oid(usage));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        return Sign(request, lifetime);
    }

    private X509Certificate2 Sign(CertificateRequest request, TimeSpan lifetime)
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = now + lifetime;
        if (notAfter > Ca.NotAfter)
            notAfter = Ca.NotAfter;
        // The CA key is RSA and the issued keys are ECDSA: sign through the CA's own generator.
        var caKey = Ca.GetRSAPrivateKey() ?? throw new InvalidOperationException("the cluster CA has no RSA private key");
        var cert = request.Create(Ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1), now, notAfter, serial);
        return cert;
    }

    private static void CreateOnce(string directory)
    {
        var lockPath = Path.Combine(directory, LockFile);
        FileStream? held = null;
        try
        {
            held = new FileStream(lockPath, FileMode.CreateNew, FileAccess.Write);
        }
        catch (IOException)
        {
            // Another process creates them: wait for its last file (a stale lock older than a minute is taken over).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(Path.Combine(directory, CaCertFile)) && DateTime.UtcNow < deadline)
                Thread.Sleep(100);
            if (File.Exists(Path.Combine(directory, CaCertFile)))
                return;
        }
        try
        {
            Create(directory);
        }
        finally
        {
            held?.Dispose();
            File.Delete(lockPath);
        }
    }

    private static void Create(string directory)
    {
        using var caKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=kubernetes", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ca = request.CreateSelfSigned(now, now.AddYears(10));
        using var saKey = RSA.Create(2048);
        var pki = new ClusterPki(directory, ca, saKey);
        var (adminCert, adminKey) = pki.IssueClient("kubernetes-admin", ["system:masters"], TimeSpan.FromDays(3650));

        WritePrivate(Path.Combine(directory, CaKeyFile), caKey.ExportPkcs8PrivateKeyPem());
        WritePrivate(Path.Combine(directory, ServiceAccountKeyFile), saKey.ExportPkcs8PrivateKeyPem());
        WritePrivate(Path.Combine(directory, AdminKeyFile), adminKey);
        WritePublic(Path.Combine(directory, AdminCertFile), adminCert);
        // Last: its presence tells other processes the folder is complete.
        WritePublic(Path.Combine(directory, CaCertFile), ca.ExportCertificatePem());
    }

    private static void WritePrivate(string path, string pem)
    {
        var temp = path + ".tmp";
        File.Delete(temp);
        using (var stream = new FileStream(temp, PrivateFile.Options(FileMode.CreateNew)))
        using (var writer = new StreamWriter(stream))
            writer.Write(pem);
        File.Move(temp, path, overwrite: true);
    }

    private static void WritePublic(string path, string pem)
    {
        File.WriteAllText(path + ".tmp", pem);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
