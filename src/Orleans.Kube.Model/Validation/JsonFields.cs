using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>Tolerant readers over Kubernetes JSON: a wrong type reads as absent rather than throwing.</summary>
internal static class JsonFields
{
    public static JsonObject? Object(JsonObject? parent, string name) => parent?[name] as JsonObject;

    public static JsonArray? Array(JsonObject? parent, string name) => parent?[name] as JsonArray;

    public static bool Has(JsonObject? parent, string name) => parent?[name] is not null;

    /// <summary>The string value; other scalars read as their JSON text, null/absent as null.</summary>
    public static string? String(JsonObject? parent, string name) => parent?[name] is { } node ? Text(node) : null;

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    public static long? Integer(JsonObject? parent, string name) => AsInteger(parent?[name]);

    public static long? AsInteger(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? number
                : null;

    public static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    public static bool? Boolean(JsonObject? parent, string name) => parent?[name] is JsonValue value
        ? value.GetValueKind() switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null }
        : null;

    /// <summary>A map[string]string field, or null when absent (the difference shows in %#v).</summary>
    public static Dictionary<string, string>? StringMap(JsonObject? parent, string name)
    {
        if (parent?[name] is not JsonObject map)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            result[key] = Text(value);
        }

        return result;
    }

    /// <summary>Array items with their index; non-object entries read as empty objects so paths stay right.</summary>
    public static IEnumerable<(int Index, JsonObject Item)> Items(JsonArray? array)
    {
        if (array is null)
        {
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            yield return (i, array[i] as JsonObject ?? []);
        }
    }

    public static IEnumerable<string> Strings(JsonArray? array) => array?.Select(Text) ?? [];
}
