using System.Globalization;
using System.Text;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Selectors;

/// <summary>
/// One requirement of a label selector (labels.Requirement): a key, an operator and a value set.
/// Built only through <see cref="Create"/>, which applies the same checks as labels.NewRequirement.
/// </summary>
internal sealed class LabelRequirement
{
    private LabelRequirement(string key, LabelOperator op, IReadOnlyList<string> values)
    {
        Key = key;
        Operator = op;
        Values = values;
    }

    public string Key { get; }

    public LabelOperator Operator { get; }

    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// labels.NewRequirement: validates the key, the value count for the operator and every value,
    /// and throws with the aggregated field errors the way apimachinery renders them.
    /// </summary>
    public static LabelRequirement Create(string key, LabelOperator op, IReadOnlyList<string> values)
    {
        var errors = new List<string>();
        var keyErrors = NameRules.QualifiedName(key);
        if (keyErrors.Count > 0)
        {
            errors.Add($"key: Invalid value: {GoFormat.Quote(key)}: {string.Join("; ", keyErrors)}");
        }

        switch (op)
        {
            case LabelOperator.In or LabelOperator.NotIn when values.Count == 0:
                // Only metav1 selectors get here, and their empty value list is a nil slice in Go.
                errors.Add($"values: Invalid value: {GoFormat.StringSlice(null)}: for 'in', 'notin' operators, values set can't be empty");
                break;
            case LabelOperator.Equals or LabelOperator.DoubleEquals or LabelOperator.NotEquals when values.Count != 1:
                errors.Add($"values: Invalid value: {GoFormat.StringSlice(values)}: exact-match compatibility requires one single value");
                break;
            case LabelOperator.Exists or LabelOperator.DoesNotExist when values.Count != 0:
                errors.Add($"values: Invalid value: {GoFormat.StringSlice(values)}: values set must be empty for exists and does not exist");
                break;
            case LabelOperator.GreaterThan or LabelOperator.LessThan:
                if (values.Count != 1)
                {
                    errors.Add($"values: Invalid value: {GoFormat.StringSlice(values)}: for 'Gt', 'Lt' operators, exactly one value is required");
                }

                for (var i = 0; i < values.Count; i++)
                {
                    if (!long.TryParse(values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    {
                        errors.Add($"values[{i}]: Invalid value: {GoFormat.Quote(values[i])}: for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }

                break;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var valueErrors = NameRules.LabelValue(values[i]);
            if (valueErrors.Count > 0)
            {
                errors.Add($"values[{i}][{key}]: Invalid value: {GoFormat.Quote(values[i])}: {string.Join("; ", valueErrors)}");
            }
        }

        if (errors.Count > 0)
        {
            throw new SelectorException(GoFormat.Aggregate(errors));
        }

        return new LabelRequirement(key, op, values);
    }

    /// <summary>labels.SelectorFromValidatedSet skips validation: the map was validated when it was stored.</summary>
    public static LabelRequirement Unchecked(string key, LabelOperator op, IReadOnlyList<string> values) => new(key, op, values);

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        switch (Operator)
        {
            case LabelOperator.In or LabelOperator.Equals or LabelOperator.DoubleEquals:
                return has && Values.Contains(value!, StringComparer.Ordinal);
            case LabelOperator.NotIn or LabelOperator.NotEquals:
                return !has || !Values.Contains(value!, StringComparer.Ordinal);
            case LabelOperator.Exists:
                return has;
            case LabelOperator.DoesNotExist:
                return !has;
            case LabelOperator.GreaterThan or LabelOperator.LessThan:
                // A label that is not an integer never satisfies an ordering requirement.
                if (!has
                    || Values.Count != 1
                    || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
                    || !long.TryParse(Values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
                {
                    return false;
                }

                return Operator == LabelOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>Requirement.String(): the form kubectl and the API server echo back.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Operator == LabelOperator.DoesNotExist)
        {
            text.Append('!');
        }

        text.Append(Key);
        switch (Operator)
        {
            case LabelOperator.Exists or LabelOperator.DoesNotExist:
                return text.ToString();
            case LabelOperator.Equals:
                text.Append('=');
                break;
            case LabelOperator.DoubleEquals:
                text.Append("==");
                break;
            case LabelOperator.NotEquals:
                text.Append("!=");
                break;
            case LabelOperator.GreaterThan:
                text.Append('>');
                break;
            case LabelOperator.LessThan:
                text.Append('<');
                break;
            case LabelOperator.In:
                text.Append(" in ");
                break;
            case LabelOperator.NotIn:
                text.Append(" notin ");
                break;
        }

        var setBased = Operator is LabelOperator.In or LabelOperator.NotIn;
        if (setBased)
        {
            text.Append('(');
        }

        // Values print sorted so equal selectors print equal, whatever order they were written in.
        text.Append(string.Join(',', Values.Order(StringComparer.Ordinal)));
        if (setBased)
        {
            text.Append(')');
        }

        return text.ToString();
    }
}
