using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Sdk;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Foundation.Tests;

/// <summary>Orleans' silo and gateway ports speak mutual TLS: only cluster-CA certificates of silos and cluster admins get in.</summary>
public sealed partial class ClusterFoundationTests
{
    [Fact]
    public async Task GatewayAdmitsOnlyClientsWithTheClusterAdminCertificate()
    {
        var ct = TestContext.Current.CancellationToken;
        var silo = Track(SiloProcess.Start(database, "tls-a", "worker"));
        await silo.WaitReadyAsync();
        var ca = X509CertificateLoader.LoadCertificateFromFile(ClusterCredentials.CaPath);

        await using (var admin = await OKubeClient.ConnectAsync(database, OKubeClientCredentials.FromPkiDirectory(ClusterCredentials.PkiDir), cancellationToken: ct))
            Assert.Equal("tls-a", (await admin.Grains.GetGrain<ISelfCheckGrain>("tls").Read()).HostSilo);

        using var selfSigned = SelfSigned("kubernetes-admin", "system:masters");
        using var notAdmin = IssuedByClusterCa("alice", "developers");
        foreach (var credentials in new[]
        {
            OKubeClientCredentials.Plaintext,
            OKubeClientCredentials.FromCertificates(selfSigned, ca),
            OKubeClientCredentials.FromCertificates(notAdmin, ca),
        })
        {
            // A refused handshake looks like an unreachable gateway to Orleans, which keeps retrying: give each a deadline.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(5));
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var refused = await OKubeClient.ConnectAsync(database, credentials, cancellationToken: deadline.Token);
                await refused.Grains.GetGrain<ISelfCheckGrain>("tls").Read().WaitAsync(deadline.Token);
            });
        }
    }

    [Fact]
    public async Task SiloWithAForeignCertificateCannotJoin()
    {
        var member = Track(SiloProcess.Start(database, "tls-member", "worker"));
        await member.WaitReadyAsync();
        var foreignPki = Directory.CreateTempSubdirectory("okube-foreign-pki-").FullName;
        try
        {
            // Its own CA (created in the empty folder): same database and cluster id, so it finds the member and tries to join.
            var intruder = Track(SiloProcess.Start(database, "tls-intruder", "worker",
                "--pki-dir", foreignPki, "--Membership:MaxJoinAttemptTimeSeconds", "10"));

            var exitCode = await intruder.WaitForExitAsync(TimeSpan.FromSeconds(60));

            Assert.NotEqual(0, exitCode);
            Assert.Equal(["tls-member"], await ActiveSiloNamesAsync());
            Assert.False(member.HasExited);
        }
        finally
        {
            Directory.Delete(foreignPki, recursive: true);
        }
    }

    private static X509Certificate2 SelfSigned(string user, string group)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={user}, O={group}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2 IssuedByClusterCa(string user, string group)
    {
        using var ca = X509Certificate2.CreateFromPemFile(ClusterCredentials.CaPath, Path.Combine(ClusterCredentials.PkiDir, "ca.key"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={user}, O={group}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        var signer = X509SignatureGenerator.CreateForRSA(ca.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(ca.SubjectName, signer, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
