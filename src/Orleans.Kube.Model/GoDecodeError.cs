using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Orleans.Kube.Model;

/// <summary>
/// Says what Go's encoding/json says when a body's value has the wrong type for its field, e.g.
/// <c>json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32</c>,
/// from the path System.Text.Json reports and the official model type the body decodes into.
/// </summary>
public static partial class GoDecodeError
{
    /// <summary>The Go message, or null when the exception is not a type mismatch at a known field.</summary>
    public static string? Describe(JsonException error, Type modelType, string body)
    {
        if (error.Path is not { Length: > 1 } path || !path.StartsWith('$'))
            return null;
        JsonNode? value;
        try
        {
            value = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
        var type = modelType;
        Type? owner = null;
        var fieldPath = new List<string>();
        foreach (Match segment in Segment().Matches(path[1..]))
        {
            if (segment.Groups["index"].Success)
            {
                value = value is JsonArray array && int.TryParse(segment.Groups["index"].Value, out var i) && i < array.Count ? array[i] : null;
                type = ElementType(type);
            }
            else
            {
                var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["quoted"].Value;
                value = value is JsonObject obj ? obj[name] : null;
                if (DictionaryValueType(type) is { } mapped)
                {
                    type = mapped;
                    continue;
                }
                var property = Unwrap(type).GetProperties().FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == name);
                if (property is null)
                    return null;
                owner = Unwrap(type);
                fieldPath.Add(name);
                type = property.PropertyType;
            }
            if (type is null)
                return null;
        }
        if (owner is null || value is null)
            return null;
        return $"json: cannot unmarshal {JsonKind(value)} into Go struct field {GoName(owner)}.{string.Join('.', fieldPath)} of type {GoType(type)}";
    }

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex Segment();

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element
        : null;

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string) &&
        typeof(IEnumerable).IsAssignableFrom(type) ? value : null;

    private static string JsonKind(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    /// <summary>The Go type kube declares for a model type: int32, []v1.Container, map[string]string, ...</summary>
    private static string GoType(Type type)
    {
        type = Unwrap(type);
        if (type == typeof(int)) return "int32";
        if (type == typeof(long)) return "int64";
        if (type == typeof(bool)) return "bool";
        if (type == typeof(string)) return "string";
        if (type == typeof(double)) return "float64";
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset)) return "v1.Time";
        if (type.Name == "IntOrString") return "intstr.IntOrString";
        if (type.Name == "ResourceQuantity") return "resource.Quantity";
        if (DictionaryValueType(type) is { } value) return $"map[string]{GoType(value)}";
        if (ElementType(type) is { } element) return $"[]{GoType(element)}";
        return $"v1.{GoName(type)}";
    }

    /// <summary>V1DeploymentSpec -> DeploymentSpec, V2HorizontalPodAutoscalerSpec -> HorizontalPodAutoscalerSpec.</summary>
    private static string GoName(Type type) => VersionPrefix().Replace(type.Name, "");

    [GeneratedRegex(@"^V\d+((alpha|beta)\d+)?(?=[A-Z])")]
    private static partial Regex VersionPrefix();
}
