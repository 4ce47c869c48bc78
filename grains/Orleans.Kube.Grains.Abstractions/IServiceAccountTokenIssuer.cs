namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// Signs ServiceAccount tokens (kube's TokenRequest): the API's TokenRequest subresource and the
/// node agent's projected token volumes use it. Every silo holds the cluster's signing key.
/// </summary>
public interface IServiceAccountTokenIssuer
{
    /// <summary>The PEM of the cluster CA, written to pods as ca.crt.</summary>
    string CaPem { get; }

    /// <summary>A signed JWT for the ServiceAccount, optionally bound to a pod; returns the token and its expiry.</summary>
    (string Token, DateTimeOffset Expires) Issue(ServiceAccountTokenRequest request);
}

public sealed record ServiceAccountTokenRequest(
    string Namespace, string ServiceAccount, string ServiceAccountUid, IReadOnlyList<string> Audiences, long ExpirationSeconds,
    string? PodName = null, string? PodUid = null, string? NodeName = null);
