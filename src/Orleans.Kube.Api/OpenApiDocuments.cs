using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// Just enough OpenAPI v3 for kubectl to see that every kind's PATCH takes `fieldValidation`:
/// kubectl then leaves validation to the server (which rejects unknown fields under Strict)
/// instead of downloading schemas to validate on the client.
/// </summary>
public static class OpenApiDocuments
{
    public static JsonObject Root()
    {
        var paths = new JsonObject();
        foreach (var (group, version) in ResourceKinds.GroupVersions)
        {
            var key = GroupVersionPath(group, version);
            paths[key] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{key}" };
        }
        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document for "api/v1" or "apis/apps/v1", or null if we serve no such group-version.</summary>
    public static JsonObject? GroupVersion(string groupVersionPath)
    {
        var kinds = ResourceKinds.Served.Where(k => GroupVersionPath(k.Group, k.Version) == groupVersionPath).ToList();
        if (kinds.Count == 0)
            return null;
        var paths = new JsonObject();
        foreach (var kind in kinds)
        {
            var prefix = "/" + groupVersionPath + (kind.Namespaced ? "/namespaces/{namespace}" : "");
            paths[$"{prefix}/{kind.Plural}/{{name}}"] = new JsonObject
            {
                ["patch"] = new JsonObject
                {
                    ["operationId"] = $"patch{kind.Kind}",
                    ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = kind.Group, ["version"] = kind.Version, ["kind"] = kind.Kind },
                    ["parameters"] = new JsonArray(
                        QueryParameter("fieldValidation"), QueryParameter("fieldManager"), QueryParameter("dryRun"), QueryParameter("force")),
                    ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
                },
            };
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Orleans.Kube", ["version"] = ServerVersion.Current.GitVersion },
            ["paths"] = paths,
        };
    }

    private static string GroupVersionPath(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    private static JsonObject QueryParameter(string name) => new()
    {
        ["name"] = name,
        ["in"] = "query",
        ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true },
    };
}
