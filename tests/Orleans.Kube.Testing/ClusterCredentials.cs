using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orleans.Kube.Testing;

/// <summary>
/// The credentials every test silo and client of this test process shares: one cluster CA and
/// admin client certificate (CN=kubernetes-admin, O=system:masters), made once by the silo's
/// `pki` command. Silos serve HTTPS with it; <see cref="Http"/>, <see cref="CreateHttpClient"/>
/// and <see cref="Kubectl"/>'s kubeconfig trust the CA and present the admin certificate.
/// </summary>
public static class ClusterCredentials
{
    // OKUBE_PKI_DIR points the helpers at an existing cluster's credentials (e.g. ./okube up's .okube/pki for the bench's --server).
    private static readonly Lazy<string> Dir = new(() =>
        Environment.GetEnvironmentVariable("OKUBE_PKI_DIR") is { Length: > 0 } existing ? existing : Create());
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (X509Certificate2 Ca, X509Certificate2 Admin)> Loaded = new();
    private static readonly Lazy<HttpClient> Shared = new(() => CreateHttpClient());

    public static string PkiDir => Dir.Value;
    public static string CaPath => Path.Combine(PkiDir, "ca.crt");
    public static string AdminCertPath => Path.Combine(PkiDir, "admin.crt");
    public static string AdminKeyPath => Path.Combine(PkiDir, "admin.key");

    /// <summary>A shared admin client (10 s timeout) for tests that call the API directly.</summary>
    public static HttpClient Http => Shared.Value;

    /// <summary>An HttpClient that trusts the cluster CA and authenticates as the cluster admin (of <paramref name="pkiDir"/>, default the test cluster's).</summary>
    public static HttpClient CreateHttpClient(TimeSpan? timeout = null, string? pkiDir = null) =>
        new(CreateHandler(pkiDir: pkiDir)) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };

    /// <summary>A handler that trusts the cluster CA and, unless <paramref name="asAdmin"/> is false, presents the admin certificate.</summary>
    public static SocketsHttpHandler CreateHandler(bool asAdmin = true, string? pkiDir = null)
    {
        var (ca, admin) = Loaded.GetOrAdd(pkiDir ?? PkiDir, Load);
        var handler = new SocketsHttpHandler { UseProxy = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(ca, certificate, errors);
        if (asAdmin)
            handler.SslOptions.ClientCertificates = [admin];
        return handler;
    }

    private static (X509Certificate2 Ca, X509Certificate2 Admin) Load(string dir)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "admin.crt")));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(dir, "admin.key")));
        using var withKey = certificate.CopyWithPrivateKey(key);
        // SslStream wants a certificate whose key it can use: round-trip through PKCS#12.
        return (X509CertificateLoader.LoadCertificateFromFile(Path.Combine(dir, "ca.crt")),
            X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }

    private static bool Trusted(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }

    private static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"okube-test-pki-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { RepoPaths.SiloAssembly, "pki", dir })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000) || process.ExitCode != 0)
            throw new InvalidOperationException($"okube-silo pki {dir} failed: {error.Result}");
        return dir;
    }
}
