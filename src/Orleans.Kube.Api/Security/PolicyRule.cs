using System.Text.Json.Nodes;

namespace Orleans.Kube.Api.Security;

/// <summary>One rbac.authorization.k8s.io/v1 PolicyRule and kube's matching rules (rbac.go's RuleAllows).</summary>
public sealed record PolicyRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    private const string All = "*";

    public static PolicyRule From(JsonNode? rule) => new(
        Strings(rule?["verbs"]), Strings(rule?["apiGroups"]), Strings(rule?["resources"]),
        Strings(rule?["resourceNames"]), Strings(rule?["nonResourceURLs"]));

    public static IReadOnlyList<PolicyRule> ListFrom(JsonNode? rules) =>
        rules is JsonArray array ? array.Select(From).ToList() : [];

    public bool Allows(RequestAttributes request)
    {
        if (!Verbs.Contains(All) && !Verbs.Contains(request.Verb))
            return false;
        if (!request.IsResourceRequest)
            return NonResourceUrls.Any(url => url == All || url == request.Path
                || (url.EndsWith('*') && request.Path.StartsWith(url[..^1], StringComparison.Ordinal)));
        return (ApiGroups.Contains(All) || ApiGroups.Contains(request.ApiGroup))
            && ResourceMatches(request)
            && (ResourceNames.Length == 0 || ResourceNames.Contains(request.Name));
    }

    private bool ResourceMatches(RequestAttributes request)
    {
        var combined = request.CombinedResource;
        foreach (var resource in Resources)
        {
            if (resource == All || resource == combined)
                return true;
            // "*/scale" matches the scale subresource of every resource.
            if (request.Subresource.Length > 0 && resource == $"*/{request.Subresource}")
                return true;
        }
        return false;
    }

    public JsonObject ToJson()
    {
        var rule = new JsonObject { ["verbs"] = Array(Verbs) };
        if (NonResourceUrls.Length > 0)
            rule["nonResourceURLs"] = Array(NonResourceUrls);
        if (ApiGroups.Length > 0 || Resources.Length > 0)
        {
            rule["apiGroups"] = Array(ApiGroups);
            rule["resources"] = Array(Resources);
        }
        if (ResourceNames.Length > 0)
            rule["resourceNames"] = Array(ResourceNames);
        return rule;
    }

    private static JsonArray Array(string[] values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(v => v?.GetValue<string>() ?? "").ToArray() : [];
}
