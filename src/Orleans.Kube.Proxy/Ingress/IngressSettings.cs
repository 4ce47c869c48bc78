using System.Globalization;

namespace Orleans.Kube.Proxy.Ingress;

/// <summary>
/// The per-Ingress options users know from ingress-nginx, read from our own annotations:
/// <c>okube.io/rewrite-target</c> (the matched path is replaced by this path), <c>okube.io/ssl-redirect</c>
/// ("false" stops the redirect of plain HTTP to HTTPS for hosts with TLS) and <c>okube.io/proxy-body-size</c>
/// ("8m", "512k", "100"; "0" for no limit).
/// </summary>
public sealed record IngressSettings(string? RewriteTarget, bool SslRedirect, long? MaxBodyBytes)
{
    public const string RewriteTargetAnnotation = "okube.io/rewrite-target";
    public const string SslRedirectAnnotation = "okube.io/ssl-redirect";
    public const string ProxyBodySizeAnnotation = "okube.io/proxy-body-size";

    public static readonly IngressSettings Default = new(null, true, null);

    public static IngressSettings From(IReadOnlyDictionary<string, string> annotations) => new(
        annotations.GetValueOrDefault(RewriteTargetAnnotation) is { Length: > 0 } target ? target : null,
        annotations.GetValueOrDefault(SslRedirectAnnotation)?.Trim().ToLowerInvariant() != "false",
        ParseSize(annotations.GetValueOrDefault(ProxyBodySizeAnnotation)));

    /// <summary>nginx's size syntax: a number of bytes with an optional k or m suffix; 0 or unreadable means no limit.</summary>
    public static long? ParseSize(string? value)
    {
        var text = value?.Trim().ToLowerInvariant() ?? "";
        if (text.Length == 0)
            return null;
        var multiplier = text[^1] switch { 'k' => 1024L, 'm' => 1024L * 1024, 'g' => 1024L * 1024 * 1024, _ => 1L };
        if (multiplier > 1)
            text = text[..^1];
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n * multiplier : null;
    }

    /// <summary>The path sent to the backend: the matched part of <paramref name="path"/> replaced by the rewrite target.</summary>
    public string Rewrite(string path, string matchedPath)
    {
        if (RewriteTarget is null)
            return path;
        var rest = path.Length > matchedPath.Length ? path[matchedPath.Length..].TrimStart('/') : "";
        return rest.Length == 0 ? RewriteTarget : RewriteTarget.TrimEnd('/') + "/" + rest;
    }
}
