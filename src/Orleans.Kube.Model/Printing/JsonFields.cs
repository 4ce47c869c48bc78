using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Printing;

/// <summary>
/// Tolerant readers over Kubernetes JSON: a missing field, a null or a value of the wrong kind all read as
/// absent, the way Go's zero values behave once the printer sees the decoded struct.
/// </summary>
internal static class JsonFields
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node)) return null;
        }
        return node;
    }

    public static JsonObject? Obj(JsonNode? node, params string[] path) => At(node, path) as JsonObject;

    public static string? Str(JsonNode? node, params string[] path)
    {
        if (At(node, path) is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return null;
        // A node built in code may hold a DateTime or Guid that only serialises as a string.
        return v.TryGetValue<string>(out var s) ? s : JsonSerializer.Deserialize<string>(v.ToJsonString());
    }

    /// <summary>A string that is absent or empty reads as "", like a Go string field.</summary>
    public static string Text(JsonNode? node, params string[] path) => Str(node, path) ?? "";

    public static bool? Bool(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValueKind() == JsonValueKind.True
            : null;

    public static long? Int(JsonNode? node, params string[] path)
    {
        // Nodes parsed from text hold a JsonElement; nodes built in code hold whatever CLR number was given.
        if (At(node, path) is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return null;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<short>(out var s)) return s;
        if (v.TryGetValue<uint>(out var ui)) return ui;
        if (v.TryGetValue<ulong>(out var ul)) return (long)ul;
        if (v.TryGetValue<double>(out var d)) return (long)d;
        if (v.TryGetValue<decimal>(out var m)) return (long)m;
        return long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out l) ? l : null;
    }

    /// <summary>Elements of an array that are objects; empty when the array is absent.</summary>
    public static IEnumerable<JsonObject> Objects(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>String elements of an array; empty when the array is absent.</summary>
    public static IEnumerable<string> Strings(JsonNode? node, params string[] path) =>
        At(node, path) is JsonArray a
            ? a.Select(e => Str(e)).OfType<string>()
            : [];

    public static int Count(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        _ => 0,
    };

    /// <summary>String-valued entries of a map (labels, selectors); non-string values are skipped.</summary>
    public static IEnumerable<KeyValuePair<string, string>> StringMap(JsonNode? node, params string[] path) =>
        At(node, path) is JsonObject o
            ? o.Select(p => (p.Key, Value: Str(p.Value))).Where(p => p.Value is not null)
                .Select(p => KeyValuePair.Create(p.Key, p.Value!))
            : [];

    /// <summary>An RFC 3339 metav1.Time or MicroTime as UTC; null when absent or unparsable (Go's zero time).</summary>
    public static DateTime? Time(JsonNode? node, params string[] path)
    {
        var s = Str(node, path);
        if (string.IsNullOrEmpty(s)) return null;
        if (!DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)) return null;
        // metav1.Time.IsZero: the Go zero instant prints as absent too.
        return t.UtcDateTime == DateTime.MinValue ? null : t.UtcDateTime;
    }
}
