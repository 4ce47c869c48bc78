using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// The authentication step of every request (kube's union authenticator): an X.509 client
/// certificate the cluster CA issued (CN = user, O = groups), a bearer token from the static token
/// file, or a ServiceAccount token. Without credentials only kube's public-info paths
/// (/healthz, /livez, /readyz, /version) are served, as system:anonymous; everything else is 401.
/// </summary>
public sealed class ApiAuthentication(ClusterPki pki, StaticTokenFile tokens, ServiceAccountTokens serviceAccounts, ResourceStore store)
{
    private static readonly string[] PublicPaths = ["/healthz", "/livez", "/readyz", "/version"];
    private readonly ConditionalWeakTable<X509Certificate2, UserInfo?> certificates = new();

    public async Task<UserInfo?> AuthenticateAsync(HttpContext http)
    {
        if (http.Connection.ClientCertificate is { } certificate && FromCertificate(certificate) is { } certUser)
            return certUser;
        if (BearerToken(http.Request) is { } token)
            return tokens.Find(token) ?? (await serviceAccounts.ValidateAsync(token, null, store, http.RequestAborted)).User;
        return null;
    }

    public static bool IsPublic(PathString path) =>
        PublicPaths.Any(p => path.Equals(p, StringComparison.Ordinal) || path.StartsWithSegments(p, StringComparison.Ordinal));

    public static Task WriteUnauthorizedAsync(HttpContext http) =>
        http.Response.WriteJsonAsync(StatusCodes.Status401Unauthorized, StatusErrors.Unauthorized());

    /// <summary>The user a certificate names, or null when the cluster CA did not issue it (checked once per connection's certificate).</summary>
    private UserInfo? FromCertificate(X509Certificate2 certificate) =>
        certificates.GetValue(certificate, c => pki.Issued(c) ? UserOf(c) : null);

    private static UserInfo? UserOf(X509Certificate2 certificate)
    {
        string? name = null;
        var groups = new List<string>();
        foreach (var rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            var value = rdn.GetSingleElementValue() ?? "";
            switch (rdn.GetSingleElementType().Value)
            {
                case "2.5.4.3":
                    name = value;
                    break;
                case "2.5.4.10":
                    groups.Add(value);
                    break;
            }
        }
        return name is { Length: > 0 } ? UserInfo.Of(name, "", groups) : null;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return null;
        var token = header[scheme.Length..].Trim();
        return token.Length > 0 ? token : null;
    }
}
