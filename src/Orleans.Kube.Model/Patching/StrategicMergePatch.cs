using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Patching;

/// <summary>
/// Kubernetes strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch), the default body of
/// <c>kubectl patch</c> and of client-side <c>kubectl apply</c> for built-in kinds.
/// </summary>
/// <remarks>
/// Maps merge like JSON merge patch. Lists merge according to <see cref="MergeKeys"/>: by merge key, as a union
/// of primitives, or (by default) by replacement. The directives <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$setElementOrder/…</c> and <c>$deleteFromPrimitiveList/…</c> are honoured and never stored.
/// </remarks>
public static class StrategicMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> (a JSON object) to <paramref name="target"/>, an object of kind
    /// <paramref name="kind"/> (e.g. "Deployment"; it selects the list merge keys). Neither input is modified.
    /// </summary>
    /// <exception cref="PatchException">The patch is malformed for this object.</exception>
    public static JsonNode? Apply(JsonNode? target, JsonNode patch, string kind)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(kind);
        if (patch is not JsonObject patchMap)
        {
            throw new PatchException("a strategic merge patch must be a JSON object");
        }

        var original = target switch
        {
            null => new JsonObject(),
            JsonObject map => (JsonObject)map.DeepClone(),
            _ => throw new PatchException("a strategic merge patch can only be applied to a JSON object"),
        };

        // The merger consumes both documents, so it gets copies.
        return new StrategicMerger(kind).MergeMap(original, (JsonObject)patchMap.DeepClone(), path: "");
    }
}
