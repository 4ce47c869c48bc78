using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// Renders bad values the way Go's fmt does inside apimachinery error bodies (%q for strings, %#v for
/// maps and structs), so messages such as <c>Invalid value: map[string]string{"app":"x"}</c> match kube.
/// </summary>
internal static class GoFormat
{
    /// <summary>strconv.Quote.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\a': text.Append("\\a"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\v': text.Append("\\v"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        return text.Append('"').ToString();
    }

    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>%#v of map[string]string; fmt prints keys sorted.</summary>
    public static string StringMap(IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            return "map[string]string(nil)";
        }

        var entries = map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{Quote(e.Key)}:{Quote(e.Value)}");
        return $"map[string]string{{{string.Join(", ", entries)}}}";
    }

    /// <summary>%#v of []string.</summary>
    public static string StringSlice(IReadOnlyList<string>? values) =>
        values is null ? "[]string(nil)" : $"[]string{{{string.Join(", ", values.Select(Quote))}}}";

    /// <summary>%#v of a metav1.LabelSelector (the pointer is dereferenced by ErrorBody).</summary>
    public static string LabelSelector(JsonObject selector)
    {
        var matchLabels = StringMap(JsonFields.Obj(selector, "matchLabels") is { } labels ? JsonFields.StringMap(labels) : null);
        string expressions;
        if (selector["matchExpressions"] is JsonArray array)
        {
            var items = array.Select(item =>
            {
                var expression = item as JsonObject;
                var values = JsonFields.Arr(expression, "values")?.Select(v => JsonFields.ScalarText(v)).ToList();
                return $"v1.LabelSelectorRequirement{{Key:{Quote(JsonFields.Scalar(expression, "key") ?? "")}, " +
                    $"Operator:{Quote(JsonFields.Scalar(expression, "operator") ?? "")}, Values:{StringSlice(values)}}}";
            });
            expressions = $"[]v1.LabelSelectorRequirement{{{string.Join(", ", items)}}}";
        }
        else
        {
            expressions = "[]v1.LabelSelectorRequirement(nil)";
        }

        return $"v1.LabelSelector{{MatchLabels:{matchLabels}, MatchExpressions:{expressions}}}";
    }

    /// <summary>%#v of intstr.IntOrString: Type 0 is an int, Type 1 a string.</summary>
    public static string IntOrString(JsonNode? value)
    {
        if (value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String)
        {
            return $"intstr.IntOrString{{Type:1, IntVal:0, StrVal:{Quote(scalar.GetValue<string>())}}}";
        }

        return $"intstr.IntOrString{{Type:0, IntVal:{Int(JsonFields.Int(value) ?? 0)}, StrVal:\"\"}}";
    }

    /// <summary>%#v of a pointer field inside a struct: nil or an address (whose digits never matter to clients).</summary>
    public static string Pointer(string goType, bool present) => present ? $"(*{goType})(0xc000010000)" : $"(*{goType})(nil)";

    /// <summary>
    /// utilerrors.NewAggregate(...).Error(): duplicates dropped, one message bare, several in brackets.
    /// </summary>
    public static string Aggregate(IEnumerable<string> messages)
    {
        var unique = messages.Distinct(StringComparer.Ordinal).ToList();
        return unique.Count == 1 ? unique[0] : $"[{string.Join(", ", unique)}]";
    }
}
