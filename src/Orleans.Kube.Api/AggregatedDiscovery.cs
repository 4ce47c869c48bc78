using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// Aggregated discovery (apidiscovery.k8s.io/v2 APIGroupDiscoveryList): every group, version and
/// resource in the answer to /api or /apis, so kubectl 1.32 discovers in two requests instead of
/// one per group-version. Built from the legacy documents, which stay served to clients that ask
/// for them.
/// </summary>
public static class AggregatedDiscovery
{
    public const string MediaType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /// <summary>True when the client's Accept header asks for the v2 aggregated form.</summary>
    public static bool Wanted(HttpRequest request) =>
        request.Headers.Accept.SelectMany(h => (h ?? "").Split(',')).Any(type =>
        {
            var parameters = type.Split(';').Select(p => p.Trim()).ToHashSet(StringComparer.Ordinal);
            return parameters.Contains("g=apidiscovery.k8s.io") && parameters.Contains("v=v2") && parameters.Contains("as=APIGroupDiscoveryList");
        });

    /// <summary>The core group ("" named) for /api, or every named group for /apis.</summary>
    public static JsonObject List(bool core)
    {
        var groups = GroupVersions.Select(gv => gv.Group).Distinct().Where(g => (g.Length == 0) == core);
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray(groups.Select(g => (JsonNode)Group(g)).ToArray()),
        };
    }

    /// <summary>The registry's group-versions, then metrics.k8s.io (served, not stored).</summary>
    private static IEnumerable<(string Group, string Version)> GroupVersions =>
        ResourceKinds.GroupVersions.Append((MetricsApi.Group, MetricsApi.Version));

    private static JsonObject Group(string group) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = group },
        ["versions"] = new JsonArray(GroupVersions.Where(gv => gv.Group == group)
            .Select(gv => (JsonNode)Version(group, gv.Version)).ToArray()),
    };

    private static JsonObject Version(string group, string version)
    {
        var legacy = (DiscoveryDocuments.ResourceList(group, version)?["resources"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var resources = new List<JsonObject>();
        foreach (var entry in legacy.Where(e => !e.GetString("name")!.Contains('/')))
        {
            var resource = new JsonObject
            {
                ["resource"] = entry.GetString("name"),
                ["responseKind"] = Kind(entry, group, version),
                ["scope"] = entry["namespaced"]!.GetValue<bool>() ? "Namespaced" : "Cluster",
                ["singularResource"] = entry.GetString("singularName"),
                ["verbs"] = entry["verbs"]?.DeepClone(),
            };
            if (entry["shortNames"] is JsonArray shortNames) resource["shortNames"] = shortNames.DeepClone();
            if (entry["categories"] is JsonArray categories) resource["categories"] = categories.DeepClone();
            var subresources = legacy.Where(e => e.GetString("name")!.StartsWith(entry.GetString("name") + "/", StringComparison.Ordinal))
                .Select(e => (JsonNode)new JsonObject
                {
                    ["subresource"] = e.GetString("name")!.Split('/')[1],
                    ["responseKind"] = Kind(e, group, version),
                    ["verbs"] = e["verbs"]?.DeepClone(),
                }).ToArray();
            if (subresources.Length > 0)
                resource["subresources"] = new JsonArray(subresources);
            resources.Add(resource);
        }
        return new JsonObject
        {
            ["version"] = version,
            ["resources"] = new JsonArray(resources.Select(r => (JsonNode)r).ToArray()),
            ["freshness"] = "Current",
        };
    }

    private static JsonObject Kind(JsonObject entry, string group, string version) => new()
    {
        ["group"] = entry.GetString("group") ?? group,
        ["version"] = entry.GetString("version") ?? version,
        ["kind"] = entry.GetString("kind"),
    };
}
