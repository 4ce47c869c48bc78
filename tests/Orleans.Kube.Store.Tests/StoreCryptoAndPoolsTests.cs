using System.Security.Cryptography;
using Orleans.Kube.Store;

namespace Orleans.Kube.Store.Tests;

public sealed class StoreCryptoAndPoolsTests
{
    [Fact]
    public void SecretsAreSealedAndOpenedAndOtherResourcesPassThrough()
    {
        var cipher = new ResourceCipher(RandomNumberGenerator.GetBytes(32));
        const string body = """{"kind":"Secret","data":{"password":"c2VjcmV0"}}""";
        var sealedBody = cipher.Protect("secrets", body);
        Assert.DoesNotContain("c2VjcmV0", sealedBody);
        Assert.StartsWith("okube-aesgcm:v1:" + cipher.KeyId, sealedBody);
        Assert.NotEqual(sealedBody, cipher.Protect("secrets", body)); // a fresh nonce every time
        Assert.Equal(body, cipher.Unprotect("secrets", sealedBody));
        Assert.Equal(body, cipher.Protect("configmaps", body));
        Assert.Equal(body, cipher.Unprotect("secrets", body)); // written before encryption was on
    }

    [Fact]
    public void AnotherKeyIsRefusedWithAMessageNamingBothKeys()
    {
        var writer = new ResourceCipher(RandomNumberGenerator.GetBytes(32));
        var reader = new ResourceCipher(RandomNumberGenerator.GetBytes(32));
        var error = Assert.Throws<InvalidOperationException>(() => reader.Unprotect("secrets", writer.Protect("secrets", "{}")));
        Assert.Contains(writer.KeyId, error.Message);
        Assert.Contains(reader.KeyId, error.Message);
        Assert.Throws<ArgumentException>(() => new ResourceCipher(new byte[16]));
    }

    [Fact]
    public void AKeyFileIsCreatedOnceAndReused()
    {
        var file = Path.Combine(Path.GetTempPath(), $"okube-key-{Guid.NewGuid():N}", "key");
        try
        {
            var first = EncryptionKeySource.Load(null, file);
            Assert.Equal(32, first.Length);
            Assert.Equal(first, EncryptionKeySource.Load("", file));
            var configured = RandomNumberGenerator.GetBytes(32);
            Assert.Equal(configured, EncryptionKeySource.Load(Convert.ToBase64String(configured), file));
            Assert.Throws<FormatException>(() => EncryptionKeySource.Load("bm90LWEta2V5", file));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    [Fact]
    public void PoolsCoverTheUsableAddressesAndPorts()
    {
        var ips = AllocationPool.Cidr("ip", "127.77.0.0/16");
        Assert.Equal("127.77.0.1", ips.Format(ips.First));
        Assert.Equal("127.77.255.254", ips.Format(ips.Last));
        Assert.Equal(ips.First + 257, ips.Parse("127.77.1.2"));
        Assert.False(ips.Contains(ips.Parse("127.78.0.1")!.Value));
        var ports = AllocationPool.Ports("np", "30000-32767");
        Assert.Equal(2768, ports.Last - ports.First + 1);
        Assert.Throws<FormatException>(() => AllocationPool.Cidr("ip", "127.77.0.0"));
        Assert.Throws<FormatException>(() => AllocationPool.Ports("np", "9-1"));
    }

    [Theory]
    [InlineData("Host=db;Username=u", 40, 40)]
    [InlineData("Host=db;Username=u;Maximum Pool Size=10", 40, 10)]
    [InlineData("Host=db;Username=u;Maximum Pool Size=500;Minimum Pool Size=100", 20, 20)]
    public void ASilosPoolIsCappedBelowPostgresDefaultConnectionLimit(string connectionString, int cap, int expected)
    {
        var capped = new Npgsql.NpgsqlConnectionStringBuilder(PostgresPools.Capped(connectionString, cap));
        Assert.Equal(expected, capped.MaxPoolSize);
        Assert.True(capped.MinPoolSize <= capped.MaxPoolSize);
        Assert.Equal("db", capped.Host);
    }
}
