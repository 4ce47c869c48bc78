using System.Text;
using System.Text.RegularExpressions;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// The string checks of apimachinery's util/validation package. Each returns the problems found (empty
/// when the value is fine), worded exactly as kube so callers can embed them in field errors.
/// Lengths count UTF-8 bytes, as Go's len does.
/// </summary>
public static partial class NameRules
{
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueMessage = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123LabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    private const string Dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1035LabelMessage = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
    private const string ConfigMapKeyFormat = "[-._a-zA-Z0-9]+";
    private const string ConfigMapKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
    private const string PercentFormat = "[0-9]+%";
    private const string PercentMessage = "a valid percent string must be a numeric string followed by an ending '%'";

    /// <summary>Object names (most kinds): at most 253 bytes of dot-separated DNS labels.</summary>
    public static IReadOnlyList<string> Dns1123Subdomain(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > 253)
        {
            errors.Add(MaxLength(253));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            errors.Add(RegexError(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));
        }

        return errors;
    }

    /// <summary>Namespace, container, volume and port names: a single DNS label of at most 63 bytes.</summary>
    public static IReadOnlyList<string> Dns1123Label(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > 63)
        {
            errors.Add(MaxLength(63));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            // A valid subdomain that is not a valid label can only be failing on its dots.
            errors.Add(Dns1123SubdomainRegex().IsMatch(value)
                ? "must not contain dots"
                : RegexError(Dns1123LabelMessage, Dns1123LabelFormat, "my-name", "123-abc"));
        }

        return errors;
    }

    /// <summary>Service names: a DNS label that also starts with a letter.</summary>
    public static IReadOnlyList<string> Dns1035Label(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > 63)
        {
            errors.Add(MaxLength(63));
        }

        if (!Dns1035LabelRegex().IsMatch(value))
        {
            errors.Add(RegexError(Dns1035LabelMessage, Dns1035LabelFormat, "my-name", "abc-123"));
        }

        return errors;
    }

    /// <summary>Label and annotation keys, finalizers: an optional DNS-subdomain prefix and '/', then a name of at most 63 bytes.</summary>
    public static IReadOnlyList<string> QualifiedName(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(Dns1123Subdomain(parts[0]).Select(m => "prefix part " + m));
                }

                break;
            default:
                return ["a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc") +
                    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (ByteLength(name) > 63)
        {
            errors.Add("name part " + MaxLength(63));
        }

        if (!QualifiedNameRegex().IsMatch(name))
        {
            errors.Add("name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors;
    }

    /// <summary>Label values: empty, or at most 63 bytes of alphanumerics, '-', '_' and '.'.</summary>
    public static IReadOnlyList<string> LabelValue(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > 63)
        {
            errors.Add(MaxLength(63));
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            errors.Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors;
    }

    /// <summary>ConfigMap and Secret data keys.</summary>
    public static IReadOnlyList<string> ConfigMapKey(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > 253)
        {
            errors.Add(MaxLength(253));
        }

        if (!ConfigMapKeyRegex().IsMatch(value))
        {
            errors.Add(RegexError(ConfigMapKeyMessage, ConfigMapKeyFormat, "key.name", "KEY_NAME", "key-name"));
        }

        errors.AddRange(DirectoryPrefix(value));
        return errors;
    }

    /// <summary>IANA_SVC_NAME: named container and target ports (at most 15 characters, at least one letter).</summary>
    public static IReadOnlyList<string> IanaServiceName(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > 15)
        {
            errors.Add(MaxLength(15));
        }

        if (!PortNameCharsetRegex().IsMatch(value))
        {
            errors.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!value.Any(c => c is >= 'a' and <= 'z'))
        {
            errors.Add("must contain at least one letter (a-z)");
        }

        if (value.Contains("--", StringComparison.Ordinal))
        {
            errors.Add("must not contain consecutive hyphens");
        }

        if (value.Length > 0 && (value[0] == '-' || value[^1] == '-'))
        {
            errors.Add("must not begin or end with a hyphen");
        }

        return errors;
    }

    /// <summary>Port numbers 1..65535.</summary>
    public static IReadOnlyList<string> PortNumber(long port) => port is >= 1 and <= 65535 ? [] : [InclusiveRange(1, 65535)];

    /// <summary>Percent strings such as "25%" (maxSurge, maxUnavailable).</summary>
    public static IReadOnlyList<string> Percent(string value) =>
        PercentRegex().IsMatch(value) ? [] : [RegexError(PercentMessage, PercentFormat, "1%", "93%")];

    internal static string InclusiveRange(long low, long high) => $"must be between {low} and {high}, inclusive";

    internal static int ByteLength(string value) => Encoding.UTF8.GetByteCount(value);

    internal static IReadOnlyList<string> DirectoryPrefix(string value) => value switch
    {
        "." => ["must not be '.'"],
        ".." => ["must not be '..'"],
        _ when value.StartsWith("..", StringComparison.Ordinal) => ["must not start with '..'"],
        _ => [],
    };

    private static string MaxLength(int length) => $"must be no more than {length} characters";

    // validation.RegexError, including its odd "',  or '" spacing that kubectl users see.
    private static string RegexError(string message, string format, params string[] examples)
    {
        var text = new StringBuilder(message).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                text.Append(" or ");
            }

            text.Append('\'').Append(examples[i]).Append("', ");
        }

        return text.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    // \A and \z rather than ^ and $: .NET's $ would accept a trailing newline that Go's regexp rejects.
    [GeneratedRegex(@"\A" + QualifiedNameFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex(@"\A" + LabelValueFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex(@"\A" + Dns1123LabelFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex(@"\A" + Dns1123SubdomainFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex(@"\A" + Dns1035LabelFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1035LabelRegex();

    [GeneratedRegex(@"\A" + ConfigMapKeyFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigMapKeyRegex();

    [GeneratedRegex(@"\A[-a-z0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex PortNameCharsetRegex();

    [GeneratedRegex(@"\A" + PercentFormat + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex PercentRegex();
}
