using System.Globalization;

namespace Orleans.Kube.Scheduling;

/// <summary>
/// Kubernetes resource.Quantity text ("100m", "0.5", "128Mi", "1G", "1e3") to integers.
/// Own parser instead of KubernetesClient's so this project stays dependency-free and rounds like kube (up).
/// The scheduler and the node agent (Docker limits) both read quantities through it.
/// </summary>
public static class Quantity
{
    /// <summary>The quantity in thousandths, rounded up (kube's MilliValue); used for cpu.</summary>
    public static long ParseMilli(string text) => ToLong(Parse(text), 1000m);

    /// <summary>The quantity as a whole number, rounded up (kube's Value); used for memory and pods.</summary>
    public static long ParseValue(string text) => ToLong(Parse(text), 1m);

    public static decimal Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a valid resource quantity");

    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();

        var end = 0;
        if (end < s.Length && s[end] is '+' or '-') end++;
        var digitsStart = end;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.')) end++;
        if (end == digitsStart || !decimal.TryParse(s.AsSpan(0, end), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            return false;

        if (!TryMultiplier(s.AsSpan(end), out var multiplier, out var exponent)) return false;
        try
        {
            value = number * multiplier;
            // Decimal exponents are applied one power at a time so huge values overflow instead of losing precision silently.
            for (var i = 0; i < Math.Abs(exponent); i++)
                value = exponent > 0 ? value * 10m : value / 10m;
        }
        catch (OverflowException)
        {
            value = number < 0 ? decimal.MinValue : decimal.MaxValue;
        }
        return true;
    }

    private static bool TryMultiplier(ReadOnlySpan<char> suffix, out decimal multiplier, out int exponent)
    {
        exponent = 0;
        multiplier = 1m;
        switch (suffix)
        {
            case "": return true;
            case "n": exponent = -9; return true;
            case "u": exponent = -6; return true;
            case "m": exponent = -3; return true;
            case "k": exponent = 3; return true;
            case "M": exponent = 6; return true;
            case "G": exponent = 9; return true;
            case "T": exponent = 12; return true;
            case "P": exponent = 15; return true;
            case "E": exponent = 18; return true;
            case "Ki": multiplier = 1L << 10; return true;
            case "Mi": multiplier = 1L << 20; return true;
            case "Gi": multiplier = 1L << 30; return true;
            case "Ti": multiplier = 1L << 40; return true;
            case "Pi": multiplier = 1L << 50; return true;
            case "Ei": multiplier = 1L << 60; return true;
        }
        // Scientific form: "e"/"E" followed by a signed integer ("1e3", "5E-3").
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
            && Math.Abs(exponent) <= 60)
            return true;
        exponent = 0;
        return false;
    }

    private static long ToLong(decimal value, decimal scale)
    {
        try
        {
            var scaled = decimal.Ceiling(value * scale);
            return scaled >= long.MaxValue ? long.MaxValue : scaled <= long.MinValue ? long.MinValue : (long)scaled;
        }
        catch (OverflowException)
        {
            return value < 0 ? long.MinValue : long.MaxValue;
        }
    }
}
