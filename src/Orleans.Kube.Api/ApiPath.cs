using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>A request path under /api or /apis, resolved to what it addresses.</summary>
public sealed record ApiPath(string Group, string Version, ResourceKind? Kind, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>
    /// Parses "/api/v1/namespaces/dev/pods/web/log" and friends. Returns null for paths that
    /// address nothing we serve. "namespaces/NAME/status" addresses a namespace, not a list.
    /// </summary>
    public static ApiPath? Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        string[] rest;
        if (segments.Length >= 2 && segments[0] == "api")
            (group, version, rest) = ("", segments[1], segments[2..]);
        else if (segments.Length >= 3 && segments[0] == "apis")
            (group, version, rest) = (segments[1], segments[2], segments[3..]);
        else
            return null;

        if (rest.Length == 0)
            return new ApiPath(group, version, null, null, null, null);

        string? ns = null;
        if (rest[0] == "namespaces" && rest.Length >= 3 && !(rest.Length == 3 && rest[2] is "status" or "finalize"))
        {
            ns = rest[1];
            rest = rest[2..];
        }
        if (rest.Length > 3)
            return null;
        var kind = ResourceKinds.ByPlural(group, version, rest[0]);
        if (kind is null || (ns is not null && !kind.Namespaced))
            return null;
        var sub = rest.Length == 3 ? rest[2] : null;
        if (sub is not null && !kind.Subresources.Contains(sub))
            return null;
        return new ApiPath(group, version, kind, ns, rest.Length >= 2 ? rest[1] : null, sub);
    }
}
