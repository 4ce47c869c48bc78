using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>
/// resource.Quantity: parsing "100m", "128Mi", "1e3", "0.5", exact comparison and sums, the canonical String()
/// kube prints in messages ("0.5" prints as "500m"), and the rounded-up integer views the scheduler, quotas and the
/// node agent use. The value is held exactly as a count of nano-units, the finest precision kube keeps. Our own type
/// rather than KubernetesClient's ResourceQuantity, which holds a decimal and prints neither kube's canonical form nor
/// its validation messages.
/// </summary>
public sealed class Quantity : IComparable<Quantity>
{
    public const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    public const string SuffixError = "unable to parse quantity's suffix";

    private static readonly BigInteger NanosPerUnit = BigInteger.Pow(10, 9);

    // kube keeps any int32 exponent as a scale; the value here is expanded into nano-units, so "1e999999999" would
    // expand to a 415 MB integer. Beyond this bound the exponent is refused as kube refuses one past int32.
    private const int MaxExponent = 1000;

    private static readonly Dictionary<string, int> DecimalSuffixes = new(StringComparer.Ordinal)
    {
        ["n"] = -9, ["u"] = -6, ["m"] = -3, [""] = 0, ["k"] = 3, ["M"] = 6, ["G"] = 9, ["T"] = 12, ["P"] = 15, ["E"] = 18,
    };

    private static readonly Dictionary<string, int> BinarySuffixes = new(StringComparer.Ordinal)
    {
        ["Ki"] = 10, ["Mi"] = 20, ["Gi"] = 30, ["Ti"] = 40, ["Pi"] = 50, ["Ei"] = 60,
    };

    private Quantity(BigInteger nanos, QuantityFormat format)
    {
        Nanos = nanos;
        Format = format;
    }

    private enum QuantityFormat
    {
        DecimalSI,
        BinarySI,
        DecimalExponent,
    }

    public BigInteger Nanos { get; }

    private QuantityFormat Format { get; }

    public bool IsNegative => Nanos.Sign < 0;

    public bool IsInteger => BigInteger.Remainder(Nanos, NanosPerUnit).IsZero;

    /// <summary>kube's MilliValue: the quantity in thousandths, rounded up (cpu).</summary>
    public long MilliValue => ScaledCeiling(1_000_000);

    /// <summary>kube's Value: the quantity as a whole number, rounded up (memory, storage, pods).</summary>
    public long Value => ScaledCeiling(1_000_000_000);

    /// <summary>The quantity in nano-units (Docker's NanoCpus).</summary>
    public long NanoValue => ScaledCeiling(1);

    /// <summary>Parses a JSON string or number; the error is one of kube's two quantity messages.</summary>
    public static bool TryParse(JsonNode? node, out Quantity quantity, out string error) =>
        TryParse(JsonFields.ScalarText(node), out quantity, out error);

    /// <summary>Parses a quantity that validation has already accepted (or an operator's setting).</summary>
    public static Quantity Parse(string text) => TryParse(text.Trim(), out var quantity, out var error)
        ? quantity
        : throw new FormatException($"'{text}' is not a valid resource quantity: {error}");

    public static long ParseMilli(string text) => Parse(text).MilliValue;

    public static long ParseValue(string text) => Parse(text).Value;

    public static bool TryParse(string text, out Quantity quantity, out string error)
    {
        quantity = new Quantity(BigInteger.Zero, QuantityFormat.DecimalSI);
        error = "";
        if (text.Length == 0)
        {
            error = FormatError;
            return false;
        }

        if (!TrySplit(text, out var positive, out var whole, out var fraction, out var suffix))
        {
            error = FormatError;
            return false;
        }

        QuantityFormat format;
        var mantissa = BigInteger.Parse("0" + whole + fraction, CultureInfo.InvariantCulture);
        var scale = -fraction.Length;
        BigInteger multiplier = BigInteger.One;
        if (DecimalSuffixes.TryGetValue(suffix, out var exponent))
        {
            format = QuantityFormat.DecimalSI;
            scale += exponent;
        }
        else if (BinarySuffixes.TryGetValue(suffix, out var power))
        {
            format = QuantityFormat.BinarySI;
            multiplier = BigInteger.Pow(2, power);
        }
        else if (suffix.Length > 1 && suffix[0] is 'e' or 'E'
            && int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var decimalExponent)
            && Math.Abs(decimalExponent) <= MaxExponent)
        {
            format = QuantityFormat.DecimalExponent;
            scale += decimalExponent;
        }
        else
        {
            error = SuffixError;
            return false;
        }

        // value = mantissa * multiplier * 10^scale, held in nano-units and rounded away from zero.
        var numerator = mantissa * multiplier;
        var nanoScale = scale + 9;
        BigInteger nanos;
        if (nanoScale >= 0)
        {
            nanos = numerator * BigInteger.Pow(10, nanoScale);
        }
        else
        {
            var divisor = BigInteger.Pow(10, -nanoScale);
            nanos = BigInteger.DivRem(numerator, divisor, out var remainder);
            if (!remainder.IsZero)
            {
                nanos += 1;
            }
        }

        quantity = new Quantity(positive ? nanos : -nanos, format);
        return true;
    }

    private long ScaledCeiling(long unit)
    {
        var (quotient, remainder) = BigInteger.DivRem(Nanos, unit);
        if (remainder.Sign > 0) quotient += 1;
        return quotient >= long.MaxValue ? long.MaxValue : quotient <= long.MinValue ? long.MinValue : (long)quotient;
    }

    public int CompareTo(Quantity? other) => other is null ? 1 : Nanos.CompareTo(other.Nanos);

    public static Quantity Zero { get; } = new(BigInteger.Zero, QuantityFormat.DecimalSI);

    /// <summary>Quantity.Add: the sum, in this quantity's notation (a zero takes the other's).</summary>
    public Quantity Add(Quantity other) => new(Nanos + other.Nanos, Nanos.IsZero ? other.Format : Format);

    /// <summary>The larger of two quantities (the first on a tie).</summary>
    public static Quantity Max(Quantity a, Quantity b) => b.Nanos > a.Nanos ? b : a;

    /// <summary>Quantity.String(): the canonical form in the quantity's own notation.</summary>
    public override string ToString()
    {
        if (Nanos.IsZero)
        {
            return "0";
        }

        var format = Format;
        if (format == QuantityFormat.BinarySI && (BigInteger.Abs(Nanos) < 1024 * NanosPerUnit || !IsInteger))
        {
            // Small or fractional binary amounts read better (and exactly) in decimal notation.
            format = QuantityFormat.DecimalSI;
        }

        if (format == QuantityFormat.BinarySI)
        {
            var amount = Nanos / NanosPerUnit;
            var power = 0;
            while (power < 60 && BigInteger.Remainder(amount, 1024).IsZero)
            {
                amount /= 1024;
                power += 10;
            }

            return amount.ToString(CultureInfo.InvariantCulture) + BinarySuffixes.FirstOrDefault(s => s.Value == power).Key;
        }

        var mantissa = Nanos;
        var exponent = -9;
        while (BigInteger.Remainder(mantissa, 10).IsZero)
        {
            mantissa /= 10;
            exponent++;
        }

        // Engineering notation: the exponent is brought down to a multiple of three.
        var excess = ((exponent % 3) + 3) % 3;
        mantissa *= BigInteger.Pow(10, excess);
        exponent -= excess;
        if (format == QuantityFormat.DecimalExponent)
        {
            return mantissa.ToString(CultureInfo.InvariantCulture) + (exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture));
        }

        if (exponent > 18)
        {
            mantissa *= BigInteger.Pow(10, exponent - 18);
            exponent = 18;
        }

        return mantissa.ToString(CultureInfo.InvariantCulture) + DecimalSuffixes.First(s => s.Value == exponent).Key;
    }

    // parseQuantityString: sign, digits, optional fraction, then a suffix of letters and an optional signed exponent.
    private static bool TrySplit(string text, out bool positive, out string whole, out string fraction, out string suffix)
    {
        positive = true;
        whole = fraction = suffix = "";
        var pos = 0;
        if (text[0] is '+' or '-')
        {
            positive = text[0] == '+';
            pos++;
        }

        var start = pos;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        whole = text[start..pos];
        if (pos < text.Length && text[pos] == '.')
        {
            pos++;
            start = pos;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                pos++;
            }

            fraction = text[start..pos];
        }

        var suffixStart = pos;
        while (pos < text.Length && "eEinumkKMGTP".Contains(text[pos]))
        {
            pos++;
        }

        if (pos < text.Length && text[pos] is '+' or '-')
        {
            pos++;
        }

        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            pos++;
        }

        suffix = text[suffixStart..];
        return pos == text.Length;
    }
}
