using System.Globalization;

namespace Orleans.Kube.Scheduling;

/// <summary>One matchExpressions/matchFields entry of a node selector term, parsed once per pod.</summary>
internal sealed class NodeSelectorRequirement
{
    private readonly string key;
    private readonly string op;
    private readonly string[] values;
    private readonly long number;
    private readonly bool isField;

    private NodeSelectorRequirement(string key, string op, string[] values, long number, bool isField)
    {
        this.key = key;
        this.op = op;
        this.values = values;
        this.number = number;
        this.isField = isField;
    }

    /// <summary>Null when the requirement is invalid; kube then ignores the whole term, so it never matches.</summary>
    public static NodeSelectorRequirement? Create(string? key, string? op, string[] values, bool isField)
    {
        if (string.IsNullOrEmpty(key) || op is null) return null;
        if (isField)
        {
            // kube supports only metadata.name as a node field, with In/NotIn.
            return key == "metadata.name" && op is "In" or "NotIn" && values.Length > 0
                ? new NodeSelectorRequirement(key, op, values, 0, true)
                : null;
        }
        return op switch
        {
            "In" or "NotIn" when values.Length > 0 => new NodeSelectorRequirement(key, op, values, 0, false),
            "Exists" or "DoesNotExist" when values.Length == 0 => new NodeSelectorRequirement(key, op, values, 0, false),
            "Gt" or "Lt" when values.Length == 1 && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                => new NodeSelectorRequirement(key, op, values, n, false),
            _ => null,
        };
    }

    public bool Matches(NodeSnapshot node)
    {
        string? actual;
        if (isField) actual = node.Name;
        else if (!node.Labels.TryGetValue(key, out actual)) actual = null;

        return op switch
        {
            "In" => actual is not null && Contains(actual),
            "NotIn" => actual is null || !Contains(actual),
            "Exists" => actual is not null,
            "DoesNotExist" => actual is null,
            "Gt" => actual is not null && long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var gt) && gt > number,
            "Lt" => actual is not null && long.TryParse(actual, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var lt) && lt < number,
            _ => false,
        };
    }

    private bool Contains(string value)
    {
        foreach (var v in values)
            if (string.Equals(v, value, StringComparison.Ordinal)) return true;
        return false;
    }
}
