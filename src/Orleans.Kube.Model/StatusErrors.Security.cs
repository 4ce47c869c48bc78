using System.Net;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

public static partial class StatusErrors
{
    /// <summary>kube's 401 for a request whose credentials are missing or invalid.</summary>
    public static string Unauthorized() => Write(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized", null);

    /// <summary>
    /// kube's NewForbidden: <c>pods "web" is forbidden: ...</c>, <c>pods is forbidden: ...</c> without a name, and
    /// <c>forbidden: ...</c> for a non-resource path.
    /// </summary>
    public static string ForbiddenRequest(string group, string resource, string name, string why)
    {
        var qualified = resource.Length == 0 ? "" : group.Length == 0 ? resource : $"{resource}.{group}";
        var message = qualified.Length == 0 ? $"forbidden: {why}"
            : name.Length == 0 ? $"{qualified} is forbidden: {why}"
            : $"{qualified} \"{name}\" is forbidden: {why}";
        var details = new JsonObject();
        if (name.Length > 0)
            details["name"] = name;
        if (group.Length > 0)
            details["group"] = group;
        if (resource.Length > 0)
            details["kind"] = resource;
        return Write(HttpStatusCode.Forbidden, "Forbidden", message, details);
    }
}
