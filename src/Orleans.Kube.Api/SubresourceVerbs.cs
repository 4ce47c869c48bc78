namespace Orleans.Kube.Api;

/// <summary>
/// Which HTTP methods each subresource takes. Anything else is a 405: a DELETE or PUT of
/// pods/NAME/log must never reach the pod itself.
/// </summary>
internal static class SubresourceVerbs
{
    private static readonly Dictionary<string, string[]> Methods = new(StringComparer.Ordinal)
    {
        ["status"] = ["GET", "PUT", "PATCH"],
        ["scale"] = ["GET", "PUT", "PATCH"],
        ["log"] = ["GET"],
        ["exec"] = ["GET", "POST"],
        ["attach"] = ["GET", "POST"],
        ["portforward"] = ["GET", "POST"],
        ["eviction"] = ["POST"],
        ["binding"] = ["POST"],
        ["token"] = ["POST"],
    };

    public static bool Serves(string subresource, string method) =>
        Methods.TryGetValue(subresource, out var methods) && methods.Contains(method);
}
