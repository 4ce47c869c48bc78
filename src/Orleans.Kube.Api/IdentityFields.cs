using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// The fields the front-end reads before a grain decodes the body: apiVersion, kind and the name,
/// generateName and namespace in metadata. A wrong JSON type there is a decode error (400), as in
/// kube, not a missing value that would read as "name required" (422).
/// </summary>
internal static class IdentityFields
{
    public static string? TypeError(JsonObject obj, ResourceKind kind)
    {
        var field = !IsString(obj["apiVersion"]) ? "apiVersion"
            : !IsString(obj["kind"]) ? "kind"
            : obj["metadata"] is not (null or JsonObject) ? "metadata"
            : ((string[])["name", "generateName", "namespace"]).FirstOrDefault(f => !IsString(obj["metadata"]?[f])) is { } metaField ? $"metadata.{metaField}"
            : null;
        return field is null ? null
            : $"{kind.Kind} in version \"{kind.Version}\" cannot be handled as a {kind.Kind}: {field} has the wrong JSON type";
    }

    private static bool IsString(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.String;
}
