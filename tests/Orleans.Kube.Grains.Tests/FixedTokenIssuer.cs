using Orleans.Kube.Grains.Abstractions;

namespace Orleans.Kube.Grains.Tests;

/// <summary>A ServiceAccount token issuer without keys, for grains that need one but whose tokens no test reads.</summary>
internal sealed class FixedTokenIssuer : IServiceAccountTokenIssuer
{
    public string CaPem => "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n";

    public (string Token, DateTimeOffset Expires) Issue(ServiceAccountTokenRequest request) =>
        ($"token-{request.Namespace}-{request.ServiceAccount}", DateTimeOffset.UtcNow.AddSeconds(request.ExpirationSeconds));
}
