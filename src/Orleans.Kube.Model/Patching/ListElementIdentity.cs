using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Patching;

/// <summary>
/// Decides whether two list elements are "the same element" for a strategic merge: objects by the value of
/// their merge key, primitives by value (numbers compare numerically, so 80 and 80.0 match).
/// </summary>
internal static class ListElementIdentity
{
    /// <summary>The merge key's value, or an error naming the offending element.</summary>
    public static JsonNode? KeyOf(JsonNode? element, string mergeKey, string path)
    {
        if (element is not JsonObject map)
        {
            throw new PatchException(
                $"list \"{path}\" is merged by \"{mergeKey}\" and must contain objects, got {Describe(element)}");
        }

        return map.TryGetPropertyValue(mergeKey, out var key)
            ? key
            : throw new PatchException(
                $"element {Describe(element)} of list \"{path}\" does not contain its merge key \"{mergeKey}\"");
    }

    /// <summary>True when <paramref name="element"/> is an object whose merge key equals <paramref name="key"/>.</summary>
    public static bool HasKey(JsonNode? element, string mergeKey, JsonNode? key) =>
        element is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value) && JsonNode.DeepEquals(value, key);

    /// <summary>Same element: equal merge keys when there is a merge key, equal values otherwise.</summary>
    public static bool Same(JsonNode? left, JsonNode? right, string? mergeKey, string path) =>
        mergeKey is null
            ? JsonNode.DeepEquals(left, right)
            : JsonNode.DeepEquals(KeyOf(left, mergeKey, path), KeyOf(right, mergeKey, path));

    /// <summary>Position of <paramref name="item"/> in <paramref name="list"/>, or -1.</summary>
    public static int IndexIn(IReadOnlyList<JsonNode?> list, JsonNode? item, string? mergeKey, string path)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (Same(list[i], item, mergeKey, path))
            {
                return i;
            }
        }

        return -1;
    }

    public static string Describe(JsonNode? node) => node?.ToJsonString() ?? "null";
}
