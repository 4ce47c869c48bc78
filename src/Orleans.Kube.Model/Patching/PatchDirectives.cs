using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Patching;

/// <summary>
/// The special keys of strategic merge patch, as produced by kubectl (apimachinery strategicpatch).
/// They steer the merge and never reach the stored object.
/// </summary>
internal static class PatchDirectives
{
    /// <summary><c>"$patch": "replace" | "delete" | "merge"</c>, in a map or as a list element.</summary>
    public const string Patch = "$patch";

    public const string Replace = "replace";
    public const string Delete = "delete";
    public const string Merge = "merge";

    /// <summary><c>"$retainKeys": [..]</c>: the only keys the map may keep (used for unions such as volume sources).</summary>
    public const string RetainKeys = "$retainKeys";

    /// <summary><c>"$setElementOrder/field": [..]</c>: the final order of a merged list.</summary>
    public const string SetElementOrder = "$setElementOrder";

    /// <summary><c>"$deleteFromPrimitiveList/field": [..]</c>: values to drop from a list of primitives.</summary>
    public const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList";

    /// <summary>The <c>$patch</c> value of a map, or null when it has none.</summary>
    public static string? PatchDirectiveOf(JsonObject map)
    {
        if (!map.TryGetPropertyValue(Patch, out var value))
        {
            return null;
        }

        return value is JsonValue text && text.TryGetValue<string>(out var directive)
            ? directive
            : throw new PatchException($"\"{Patch}\" must be a string, got {value?.ToJsonString() ?? "null"}");
    }

    public static bool HasPatchDirective(JsonNode? node) => node is JsonObject map && map.ContainsKey(Patch);

    /// <summary>
    /// The field a prefixed directive applies to: "$setElementOrder/containers" gives "containers".
    /// Returns null when <paramref name="key"/> does not use <paramref name="prefix"/>.
    /// </summary>
    public static string? FieldOf(string key, string prefix)
    {
        if (!key.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var slash = key.IndexOf('/');
        if (slash != prefix.Length || slash == key.Length - 1)
        {
            throw new PatchException($"malformed directive \"{key}\": expected \"{prefix}/<field>\"");
        }

        return key[(slash + 1)..];
    }

    public static PatchException UnknownPatchDirective(string directive) =>
        new($"unknown \"{Patch}\" directive \"{directive}\"; expected \"{Replace}\", \"{Delete}\" or \"{Merge}\"");
}
