using System.Globalization;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// The intstr.IntOrString checks of apps validation (maxSurge, maxUnavailable): a non-negative int or
/// a "N%" string, compared by value. Errors show the value as %#v of intstr.IntOrString, like kube.
/// </summary>
internal static class IntOrPercent
{
    public static void ValidatePositive(JsonNode? value, string path, List<FieldError> errors)
    {
        if (JsonFields.IsString(value))
        {
            foreach (var message in NameRules.Percent(JsonFields.ScalarText(value)))
            {
                errors.Add(FieldErrors.Invalid(path, GoFormat.IntOrString(value), message));
            }
        }
        else if (JsonFields.Int(value) is long number && number < 0)
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.Int(number), Messages.NonNegative));
        }
    }

    /// <summary>getIntOrPercentValue: the percentage for "N%", else the integer (a non-numeric string counts as 0).</summary>
    public static long Value(JsonNode? value)
    {
        if (PercentValue(value) is long percent)
        {
            return percent;
        }

        if (JsonFields.IsString(value))
        {
            return long.TryParse(JsonFields.ScalarText(value), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        }

        return JsonFields.Int(value) ?? 0;
    }

    public static void ValidateNotMoreThan100Percent(JsonNode? value, string path, List<FieldError> errors)
    {
        if (PercentValue(value) is > 100)
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.IntOrString(value), "must not be greater than 100%"));
        }
    }

    private static long? PercentValue(JsonNode? value)
    {
        if (!JsonFields.IsString(value))
        {
            return null;
        }

        var text = JsonFields.ScalarText(value);
        return NameRules.Percent(text).Count == 0 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var percent)
            ? percent
            : null;
    }
}
