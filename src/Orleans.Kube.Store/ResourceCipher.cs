using System.Security.Cryptography;
using System.Text;

namespace Orleans.Kube.Store;

/// <summary>
/// Encryption at rest for the resources that hold secrets: their bodies are sealed with AES-GCM
/// before they reach PostgreSQL (current table and revision log alike) and opened when read back.
/// The envelope names the key by a fingerprint, so a silo with the wrong key fails loudly
/// instead of serving garbage.
/// </summary>
public sealed class ResourceCipher
{
    private const string Prefix = "okube-aesgcm:v1:";
    private static readonly HashSet<string> SealedResources = ["secrets"];
    private readonly byte[] key;
    private readonly string keyId;

    public ResourceCipher(byte[] key)
    {
        if (key.Length != 32)
            throw new ArgumentException($"the secret encryption key must be 32 bytes (AES-256), not {key.Length}");
        this.key = key;
        keyId = Convert.ToHexStringLower(SHA256.HashData(key))[..12];
    }

    public string KeyId => keyId;

    public static bool IsSealed(string resource) => SealedResources.Contains(resource);

    public string Protect(string resource, string body)
    {
        if (!IsSealed(resource))
            return body;
        var plain = Encoding.UTF8.GetBytes(body);
        var sealedBytes = new byte[AesGcm.NonceByteSizes.MaxSize + AesGcm.TagByteSizes.MaxSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = sealedBytes.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, tag.Length);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(nonce.Length + tag.Length), tag, Encoding.UTF8.GetBytes(resource));
        return $"{Prefix}{keyId}:{Convert.ToBase64String(sealedBytes)}";
    }

    public string Unprotect(string resource, string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
            return stored;
        var rest = stored.AsSpan(Prefix.Length);
        var separator = rest.IndexOf(':');
        var storedKeyId = rest[..separator].ToString();
        if (storedKeyId != keyId)
            throw new InvalidOperationException(
                $"a stored {resource} object is encrypted with key {storedKeyId}, but this silo has key {keyId}: configure the cluster's key (Secrets:EncryptionKey or Secrets:KeyFile)");
        var sealedBytes = Convert.FromBase64String(rest[(separator + 1)..].ToString());
        var nonce = sealedBytes.AsSpan(0, AesGcm.NonceByteSizes.MaxSize);
        var tag = sealedBytes.AsSpan(nonce.Length, AesGcm.TagByteSizes.MaxSize);
        var cipher = sealedBytes.AsSpan(nonce.Length + tag.Length);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(key, tag.Length);
        aes.Decrypt(nonce, cipher, tag, plain, Encoding.UTF8.GetBytes(resource));
        return Encoding.UTF8.GetString(plain);
    }
}
