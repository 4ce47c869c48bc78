using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>The plain (non-aggregated) discovery documents; kubectl falls back to them.</summary>
public static class DiscoveryDocuments
{
    private static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        // Resource groups from the registry, then metrics.k8s.io, which is served but not stored.
        ["groups"] = new JsonArray([.. ResourceKinds.GroupVersions.Where(gv => gv.Group != "").Select(gv => (JsonNode)Group(gv.Group)!), MetricsApi.GroupDocument()]),
    };

    public static JsonObject? Group(string group)
    {
        var versions = ResourceKinds.GroupVersions.Where(gv => gv.Group == group).Select(gv => gv.Version).ToList();
        if (versions.Count == 0)
            return null;
        JsonObject Version(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray(versions.Select(v => (JsonNode)Version(v)).ToArray()),
            ["preferredVersion"] = Version(versions[0]),
        };
    }

    public static JsonObject? ResourceList(string group, string version)
    {
        if (group == MetricsApi.Group && version == MetricsApi.Version)
            return MetricsApi.ResourceList();
        var kinds = ResourceKinds.Served.Where(k => k.Group == group && k.Version == version).ToList();
        if (kinds.Count == 0)
            return null;
        var resources = new JsonArray();
        foreach (var kind in kinds)
        {
            resources.Add(new JsonObject
            {
                ["name"] = kind.Plural,
                ["singularName"] = kind.Singular,
                ["namespaced"] = kind.Namespaced,
                ["kind"] = kind.Kind,
                ["verbs"] = new JsonArray(Verbs.Select(v => (JsonNode)v).ToArray()),
                ["shortNames"] = kind.ShortNames.Length > 0 ? new JsonArray(kind.ShortNames.Select(s => (JsonNode)s).ToArray()) : null,
                ["categories"] = kind.Categories.Length > 0 ? new JsonArray(kind.Categories.Select(s => (JsonNode)s).ToArray()) : null,
            });
            foreach (var sub in kind.Subresources)
                resources.Add(Subresource(kind, sub));
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    private static JsonObject Subresource(ResourceKind kind, string sub)
    {
        var entry = new JsonObject
        {
            ["name"] = $"{kind.Plural}/{sub}",
            ["singularName"] = "",
            ["namespaced"] = kind.Namespaced,
            ["kind"] = sub switch { "scale" => "Scale", "eviction" => "Eviction", "binding" => "Binding", "token" => "TokenRequest", _ => kind.Kind },
        };
        if (sub == "scale")
        {
            entry["group"] = "autoscaling";
            entry["version"] = "v1";
        }
        else if (sub == "eviction")
        {
            entry["group"] = "policy";
            entry["version"] = "v1";
        }
        else if (sub == "token")
        {
            entry["group"] = "authentication.k8s.io";
            entry["version"] = "v1";
        }
        string[] verbs = sub switch
        {
            "status" or "scale" => ["get", "patch", "update"],
            "log" => ["get"],
            "proxy" => ["create", "delete", "get", "patch", "update"],
            "exec" or "attach" or "portforward" => ["create", "get"],
            _ => ["create"],
        };
        entry["verbs"] = new JsonArray(verbs.Select(v => (JsonNode)v).ToArray());
        return entry;
    }
}
