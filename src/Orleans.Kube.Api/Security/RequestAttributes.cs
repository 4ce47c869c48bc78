using Microsoft.AspNetCore.Http;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// What a request asks to do, as kube's RequestInfo resolves it for the authorizer: a resource
/// request (verb, API group, resource, subresource, namespace, name) or a non-resource path.
/// </summary>
public sealed record RequestAttributes(
    UserInfo User, string Verb, bool IsResourceRequest, string Path,
    string ApiGroup = "", string ApiVersion = "", string Resource = "", string Subresource = "", string Namespace = "", string Name = "")
{
    /// <summary>kube's RequestInfoFactory.NewRequestInfo for /api and /apis paths.</summary>
    public static RequestAttributes From(HttpContext http, UserInfo user)
    {
        var request = http.Request;
        var path = request.Path.Value ?? "/";
        var method = request.Method;
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var nonResource = new RequestAttributes(user, method.ToLowerInvariant(), false, path);
        string group, version;
        int at;
        if (parts.Length >= 2 && parts[0] == "api")
            (group, version, at) = ("", parts[1], 2);
        else if (parts.Length >= 3 && parts[0] == "apis")
            (group, version, at) = (parts[1], parts[2], 3);
        else
            return nonResource;
        var rest = parts[at..];
        if (rest.Length == 0)
            return nonResource;

        var watchPrefix = false;
        if (rest[0] == "watch")
        {
            watchPrefix = true;
            rest = rest[1..];
        }
        var ns = "";
        if (rest.Length > 0 && rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            // namespaces/NAME/status and /finalize address the namespace; namespaces/NAME/pods a collection in it.
            if (rest.Length > 2 && rest[2] is not ("status" or "finalize"))
                rest = rest[2..];
        }
        if (rest.Length == 0)
            return nonResource;
        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : "";
        var subresource = rest.Length > 2 ? rest[2] : "";
        var verb = method switch
        {
            "POST" => "create",
            "GET" or "HEAD" => name.Length > 0 ? "get" : "list",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name.Length > 0 ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        if (watchPrefix || (verb is "list" or "get" && IsTrue(request.Query["watch"])))
            verb = "watch";
        return new RequestAttributes(user, verb, true, path, group, version, resource, subresource, ns, name);
    }

    /// <summary>"pods/log" or "pods": the form RBAC rules name.</summary>
    public string CombinedResource => Subresource.Length > 0 ? $"{Resource}/{Subresource}" : Resource;

    private static bool IsTrue(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count > 0 && (value[0] is "true" or "1" or "True");
}
