using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// ServiceAccount tokens as kube's serviceaccount.JWTTokenGenerator writes them: RS256, issuer
/// https://kubernetes.default.svc.cluster.local, sub system:serviceaccount:ns:name, and the
/// private "kubernetes.io" claim naming the namespace, the account and the bound pod. A token
/// authenticates only while its ServiceAccount (and bound pod) still exist with the same uid.
/// </summary>
public sealed class ServiceAccountTokens : IServiceAccountTokenIssuer
{
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly RsaSecurityKey key;
    private readonly SigningCredentials signing;
    private readonly ClusterPki pki;

    public ServiceAccountTokens(ClusterPki pki)
    {
        this.pki = pki;
        // kube's key id: the base64url SHA-256 of the public key's DER.
        var keyId = Base64UrlEncoder.Encode(SHA256.HashData(pki.ServiceAccountKey.ExportSubjectPublicKeyInfo()));
        key = new RsaSecurityKey(pki.ServiceAccountKey) { KeyId = keyId };
        signing = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
    }

    public string CaPem => pki.CaPem;

    public (string Token, DateTimeOffset Expires) Issue(ServiceAccountTokenRequest request)
    {
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddSeconds(request.ExpirationSeconds);
        var kubernetes = new Dictionary<string, object>
        {
            ["namespace"] = request.Namespace,
            ["serviceaccount"] = new Dictionary<string, object> { ["name"] = request.ServiceAccount, ["uid"] = request.ServiceAccountUid },
        };
        if (request.PodName is not null)
            kubernetes["pod"] = new Dictionary<string, object> { ["name"] = request.PodName, ["uid"] = request.PodUid ?? "" };
        if (request.NodeName is not null)
            kubernetes["node"] = new Dictionary<string, object> { ["name"] = request.NodeName };
        var claims = new Dictionary<string, object>
        {
            ["aud"] = request.Audiences.Count == 0 ? new[] { Issuer } : request.Audiences.ToArray(),
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = kubernetes,
            ["sub"] = $"{UserInfo.ServiceAccountPrefix}{request.Namespace}:{request.ServiceAccount}",
        };
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = signing,
        });
        return (token, expires);
    }

    /// <summary>The user a token authenticates for <paramref name="audiences"/>, or null.</summary>
    public async Task<(UserInfo? User, IReadOnlyList<string> Audiences)> ValidateAsync(string token, IReadOnlyList<string>? audiences, ResourceStore store, CancellationToken ct)
    {
        if (!handler.CanReadToken(token))
            return (null, []);
        var wanted = audiences is { Count: > 0 } ? audiences : [Issuer];
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudiences = wanted,
            IssuerSigningKey = key,
            ClockSkew = TimeSpan.FromSeconds(60),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
            return (null, []);
        if (!jwt.TryGetPayloadValue<System.Text.Json.JsonElement>("kubernetes.io", out var claim))
            return (null, []);
        var ns = claim.GetProperty("namespace").GetString() ?? "";
        var account = claim.GetProperty("serviceaccount");
        var name = account.GetProperty("name").GetString() ?? "";
        var uid = account.GetProperty("uid").GetString() ?? "";
        if (!await StillExistsAsync(store, "serviceaccounts", ns, name, uid, ct))
            return (null, []);
        var extra = new Dictionary<string, IReadOnlyList<string>>();
        if (claim.TryGetProperty("pod", out var pod))
        {
            var podName = pod.GetProperty("name").GetString() ?? "";
            var podUid = pod.GetProperty("uid").GetString() ?? "";
            if (!await StillExistsAsync(store, "pods", ns, podName, podUid, ct))
                return (null, []);
            extra["authentication.kubernetes.io/pod-name"] = [podName];
            extra["authentication.kubernetes.io/pod-uid"] = [podUid];
        }
        extra["authentication.kubernetes.io/credential-id"] = [$"JTI={jwt.Id}"];
        var tokenAudiences = jwt.Audiences.Intersect(wanted).ToList();
        return (UserInfo.ServiceAccount(ns, name, uid, extra), tokenAudiences);
    }

    private static async Task<bool> StillExistsAsync(ResourceStore store, string resource, string ns, string name, string uid, CancellationToken ct)
    {
        var stored = await store.GetAsync(resource, ns, name, ct);
        if (stored is null)
            return false;
        using var doc = System.Text.Json.JsonDocument.Parse(stored.Body);
        return doc.RootElement.TryGetProperty("metadata", out var metadata)
            && metadata.TryGetProperty("uid", out var storedUid) && storedUid.GetString() == uid;
    }
}
