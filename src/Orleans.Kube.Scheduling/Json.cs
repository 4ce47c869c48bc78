using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Scheduling;

/// <summary>Lenient readers for Kubernetes JSON: a missing or mistyped field reads as absent rather than throwing.</summary>
internal static class Json
{
    public static JsonObject? Obj(JsonNode? node, string property) =>
        node is JsonObject o && o.TryGetPropertyValue(property, out var value) ? value as JsonObject : null;

    public static JsonArray? Arr(JsonNode? node, string property) =>
        node is JsonObject o && o.TryGetPropertyValue(property, out var value) ? value as JsonArray : null;

    public static string? Str(JsonNode? node, string property) =>
        node is JsonObject o && o.TryGetPropertyValue(property, out var value) ? Scalar(value) : null;

    public static bool Bool(JsonNode? node, string property) =>
        node is JsonObject o && o.TryGetPropertyValue(property, out var value) && value is JsonValue v
        && v.GetValueKind() == JsonValueKind.True;

    /// <summary>Strings as-is and numbers as their JSON text, so quantities written as 1 or 0.5 also parse.</summary>
    public static string? Scalar(JsonNode? node) => node is not JsonValue v ? null : v.GetValueKind() switch
    {
        JsonValueKind.String => v.GetValue<string>(),
        JsonValueKind.Number => v.ToJsonString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static IEnumerable<JsonObject> Objects(JsonArray? array) =>
        array is null ? [] : array.OfType<JsonObject>();

    public static Dictionary<string, string> StringMap(JsonObject? obj)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj is null) return map;
        foreach (var (key, value) in obj)
            if (Scalar(value) is { } text) map[key] = text;
        return map;
    }
}
