using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>
/// Tolerant readers over Kubernetes JSON, shared by validation, printing, admission and the scheduler: a missing
/// field, a JSON null or a value of the wrong kind reads as absent instead of throwing, the way Go's zero values
/// behave once a decoded struct is read. Every reader takes a path of property names below the node.
/// </summary>
public static class JsonFields
{
    public static JsonNode? At(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node)) return null;
        }
        return node;
    }

    public static JsonObject? Obj(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) as JsonObject;

    public static JsonArray? Arr(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) as JsonArray;

    /// <summary>Present and not JSON null.</summary>
    public static bool Has(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) is not null;

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    /// <summary>A string value; absent for any other kind.</summary>
    public static string? Str(JsonNode? node, params ReadOnlySpan<string> path)
    {
        if (At(node, path) is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return null;
        // A node built in code may hold a DateTime or Guid that only serialises as a string.
        return v.TryGetValue<string>(out var s) ? s : JsonSerializer.Deserialize<string>(v.ToJsonString());
    }

    /// <summary>A string that is absent or not a string reads as "", like a Go string field.</summary>
    public static string Text(JsonNode? node, params ReadOnlySpan<string> path) => Str(node, path) ?? "";

    /// <summary>
    /// A string as-is and any other value as its JSON text (so a quantity written as 1 or 0.5 still parses, and
    /// validation can quote back a number where a string belongs); absent or null reads as null.
    /// </summary>
    public static string? Scalar(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) switch
    {
        null => null,
        var value when IsString(value) => Str(value),
        var value => value.ToJsonString(),
    };

    /// <summary><see cref="Scalar"/>, with absent reading as "".</summary>
    public static string ScalarText(JsonNode? node, params ReadOnlySpan<string> path) => Scalar(node, path) ?? "";

    public static bool? Bool(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValueKind() == JsonValueKind.True
            : null;

    /// <summary>A whole number; a fraction ("1.5", "1e3") or any other kind reads as absent.</summary>
    public static long? Int(JsonNode? node, params ReadOnlySpan<string> path)
    {
        if (At(node, path) is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return null;
        // Nodes parsed from text hold a JsonElement; nodes built in code hold whatever CLR number was given.
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<short>(out var s)) return s;
        if (v.TryGetValue<uint>(out var ui)) return ui;
        return long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out l) ? l : null;
    }

    /// <summary>Elements of an array that are objects; empty when the array is absent.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>Array items with their index; a non-object entry reads as an empty object so error paths stay right.</summary>
    public static IEnumerable<(int Index, JsonObject Item)> Items(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonArray a ? a.Select((item, index) => (index, item as JsonObject ?? [])) : [];

    /// <summary>Elements of an array as <see cref="ScalarText"/>; empty when the array is absent.</summary>
    public static IEnumerable<string> Strings(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonArray a ? a.Select(e => ScalarText(e)) : [];

    public static int Count(JsonNode? node, params ReadOnlySpan<string> path) => At(node, path) switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        _ => 0,
    };

    /// <summary>A map[string]string field (labels, selectors, data) with values as <see cref="ScalarText"/>; empty
    /// when absent (where nil and empty differ, as in %#v, test <see cref="Obj"/> first).</summary>
    public static Dictionary<string, string> StringMap(JsonNode? node, params ReadOnlySpan<string> path)
    {
        if (At(node, path) is not JsonObject map) return [];
        var result = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map) result[key] = ScalarText(value);
        return result;
    }

    /// <summary>An RFC 3339 metav1.Time or MicroTime as UTC; null when absent or unparsable (Go's zero time).</summary>
    public static DateTime? Time(JsonNode? node, params ReadOnlySpan<string> path)
    {
        var s = Str(node, path);
        if (string.IsNullOrEmpty(s)) return null;
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return null;
        // metav1.Time.IsZero: the Go zero instant prints as absent too.
        return t.UtcDateTime == DateTime.MinValue ? null : t.UtcDateTime;
    }
}
