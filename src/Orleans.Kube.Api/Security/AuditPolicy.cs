using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api.Security;

public enum AuditLevel { None, Metadata, Request, RequestResponse }

/// <summary>
/// An audit.k8s.io/v1 Policy: the first rule whose users, groups, verbs, resources, namespaces and
/// non-resource URLs all match sets the level; no match is None. Without a policy file every
/// request is logged at Metadata.
/// </summary>
public sealed class AuditPolicy(IReadOnlyList<JsonObject> rules)
{
    public static AuditPolicy Everything { get; } = new([new JsonObject { ["level"] = "Metadata" }]);

    public static AuditPolicy Load(string path)
    {
        var policy = YamlJson.ToJsonObject(File.ReadAllText(path));
        if (policy["kind"]?.GetValue<string>() != "Policy")
            throw new FormatException($"audit policy {path}: kind must be Policy (audit.k8s.io/v1)");
        var rules = policy["rules"] is JsonArray array ? array.OfType<JsonObject>().ToList() : [];
        foreach (var rule in rules)
            if (!Enum.TryParse<AuditLevel>(rule["level"]?.GetValue<string>(), out _))
                throw new FormatException($"audit policy {path}: level must be None, Metadata, Request or RequestResponse");
        return new AuditPolicy(rules);
    }

    public AuditLevel LevelOf(RequestAttributes request)
    {
        foreach (var rule in rules)
            if (Matches(rule, request))
                return Enum.Parse<AuditLevel>(rule["level"]!.GetValue<string>());
        return AuditLevel.None;
    }

    private static bool Matches(JsonObject rule, RequestAttributes request)
    {
        if (Strings(rule["users"]) is { Count: > 0 } users && !users.Contains(request.User.Name))
            return false;
        if (Strings(rule["userGroups"]) is { Count: > 0 } groups && !groups.Any(request.User.Groups.Contains))
            return false;
        if (Strings(rule["verbs"]) is { Count: > 0 } verbs && !verbs.Contains(request.Verb))
            return false;
        var resources = rule["resources"] as JsonArray;
        var namespaces = Strings(rule["namespaces"]);
        var urls = Strings(rule["nonResourceURLs"]);
        if (!request.IsResourceRequest)
            return (resources is null || resources.Count == 0) && namespaces.Count == 0
                && (urls.Count == 0 || urls.Any(u => u == "*" || u == request.Path || (u.EndsWith('*') && request.Path.StartsWith(u[..^1], StringComparison.Ordinal))));
        if (urls.Count > 0)
            return false;
        if (namespaces.Count > 0 && !namespaces.Contains(request.Namespace))
            return false;
        return resources is null || resources.Count == 0 || resources.Any(r => ResourceMatches(r, request));
    }

    private static bool ResourceMatches(JsonNode? selector, RequestAttributes request)
    {
        if ((selector?["group"]?.GetValue<string>() ?? "") != request.ApiGroup)
            return false;
        var names = Strings(selector?["resourceNames"]);
        if (names.Count > 0 && !names.Contains(request.Name))
            return false;
        var resources = Strings(selector?["resources"]);
        return resources.Count == 0 || resources.Any(r => r == "*" || r == request.Resource || r == request.CombinedResource
            || (r.StartsWith("*/", StringComparison.Ordinal) && r[2..] == request.Subresource)
            || (r.EndsWith("/*", StringComparison.Ordinal) && r[..^2] == request.Resource));
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(v => v?.GetValue<string>() ?? "").ToList() : [];
}
