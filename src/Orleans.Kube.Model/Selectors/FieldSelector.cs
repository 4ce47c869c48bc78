using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Selectors;

/// <summary>
/// A parsed field selector (fields.ParseSelector): an AND of <c>field=value</c>, <c>field==value</c> and
/// <c>field!=value</c> terms. Values may escape <c>\,</c> <c>\=</c> and <c>\\</c>.
/// </summary>
public sealed class FieldSelector
{
    // Fields whose Go type is bool or int: kube compares their zero value when the JSON omits them.
    private static readonly Dictionary<string, string> ZeroValues = new(StringComparer.Ordinal)
    {
        ["spec.unschedulable"] = "false",
        ["spec.hostNetwork"] = "false",
        ["status.successful"] = "0",
    };

    private FieldSelector(IReadOnlyList<(string Field, string Op, string Value)> requirements) => Requirements = requirements;

    /// <summary>The terms sorted as kube sorts them. Op is "=" (for both "=" and "==") or "!=".</summary>
    public IReadOnlyList<(string Field, string Op, string Value)> Requirements { get; }

    public bool IsEverything => Requirements.Count == 0;

    /// <summary>Parses <c>?fieldSelector=</c>; null or empty selects everything. Throws <see cref="SelectorException"/>.</summary>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new FieldSelector([]);
        }

        var requirements = new List<(string, string, string)>();
        foreach (var part in SplitTerms(text).Order(StringComparer.Ordinal))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var (field, op, rawValue) = SplitTerm(part)
                ?? throw new SelectorException($"invalid selector: '{text}'; can't understand '{part}'");
            requirements.Add((field, op == "!=" ? "!=" : "=", Unescape(rawValue)));
        }

        return new FieldSelector(requirements);
    }

    /// <summary>
    /// True when every term holds. Dotted paths are read from the object (metadata.name, status.phase,
    /// involvedObject.kind, ...); a missing field reads as "" (or its Go zero value for known bool/int fields).
    /// </summary>
    public bool Matches(JsonObject obj)
    {
        foreach (var (field, op, value) in Requirements)
        {
            var actual = Resolve(obj, field);
            if ((op == "!=") == string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join(',', Requirements.Select(r => $"{r.Field}{r.Op}{Escape(r.Value)}"));

    private static string Resolve(JsonObject obj, string field)
    {
        // Event's "source" field selects on source.component.
        if (field == "source" && obj["kind"]?.GetValueKind() == JsonValueKind.String && obj["kind"]!.GetValue<string>() == "Event")
        {
            field = "source.component";
        }

        JsonNode? node = obj;
        foreach (var segment in field.Split('.'))
        {
            node = node is JsonObject parent ? parent[segment] : null;
            if (node is null)
            {
                break;
            }
        }

        return node switch
        {
            JsonValue value => value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => value.ToJsonString(),
                _ => "",
            },
            null => ZeroValues.GetValueOrDefault(field, ""),
            _ => "",
        };
    }

    // A backslash protects the next character, so "a=x\,y" is one term.
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (text[i] == '\\')
            {
                escaped = true;
            }
            else if (text[i] == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    // The first operator wins, checking "!=" and "==" before "=" at each position.
    private static (string Field, string Op, string Value)? SplitTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var op in (string[])["!=", "==", "="])
            {
                if (string.CompareOrdinal(term, i, op, 0, op.Length) == 0)
                {
                    return (term[..i], op, term[(i + op.Length)..]);
                }
            }
        }

        return null;
    }

    private static string Unescape(string value)
    {
        if (value.IndexOfAny(['\\', ',', '=']) < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length);
        var escaped = false;
        foreach (var c in value)
        {
            if (escaped)
            {
                if (c is not ('\\' or ',' or '='))
                {
                    throw new SelectorException($"invalid escape sequence: \\{c}");
                }

                text.Append(c);
                escaped = false;
                continue;
            }

            switch (c)
            {
                case '\\':
                    escaped = true;
                    break;
                case ',' or '=':
                    // Go prints the rune with %v, i.e. as its code point.
                    throw new SelectorException($"invalid field selector: unescaped character in value: {(int)c}");
                default:
                    text.Append(c);
                    break;
            }
        }

        if (escaped)
        {
            throw new SelectorException("invalid escape sequence: \\");
        }

        return text.ToString();
    }

    // Only the escapes Parse understands, so ToString round-trips.
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace(",", "\\,").Replace("=", "\\=");
}
