using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Printing;

/// <summary>
/// The label renderings the printers borrow from apimachinery: labels.FormatLabels for plain maps and
/// metav1.LabelSelectorAsSelector(...).String() for LabelSelectors.
/// </summary>
internal static class LabelFormatting
{
    /// <summary>labels.FormatLabels: "k=v" pairs sorted by key, "&lt;none&gt;" when empty.</summary>
    public static string FormatLabels(JsonNode? map)
    {
        var pairs = JsonFields.StringMap(map)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}");
        var text = string.Join(",", pairs);
        return text.Length == 0 ? "<none>" : text;
    }

    /// <summary>metav1.FormatLabelSelector: the selector string, "&lt;none&gt;" when it selects everything or nothing.</summary>
    public static string FormatLabelSelector(JsonNode? selector)
    {
        var text = SelectorString(selector);
        return text switch
        {
            null => "<error>",
            "" => "<none>",
            _ => text,
        };
    }

    /// <summary>
    /// LabelSelectorAsSelector(selector).String(): "" for a nil or empty selector, null when the selector
    /// would not convert (unknown operator, In without values, Exists with values).
    /// </summary>
    public static string? SelectorString(JsonNode? selector)
    {
        if (selector is not JsonObject) return "";

        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in JsonFields.StringMap(selector, "matchLabels"))
            requirements.Add((key, $"{key}={value}"));

        foreach (var expr in JsonFields.Objects(selector, "matchExpressions"))
        {
            var key = JsonFields.Text(expr, "key");
            var values = JsonFields.Strings(expr, "values").ToList();
            string? text = JsonFields.Text(expr, "operator") switch
            {
                "In" when values.Count > 0 => $"{key} in ({JoinSorted(values)})",
                "NotIn" when values.Count > 0 => $"{key} notin ({JoinSorted(values)})",
                "Exists" when values.Count == 0 => key,
                "DoesNotExist" when values.Count == 0 => "!" + key,
                _ => null,
            };
            if (text is null) return null;
            requirements.Add((key, text));
        }

        // internalSelector.Add sorts requirements by key.
        return string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }

    private static string JoinSorted(List<string> values) =>
        string.Join(",", values.Order(StringComparer.Ordinal));
}
