using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>Query parameters decoded as apimachinery's parameter codec does: a value that does not convert is a 400.</summary>
internal static class QueryParameters
{
    /// <summary>The first value, or "" when absent.</summary>
    public static string Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] ?? "" : "";

    /// <summary>Every value of a repeated parameter (dryRun=All&amp;dryRun=All).</summary>
    public static IReadOnlyList<string> All(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? values.Select(v => v ?? "").ToList() : [];

    public static bool IsSet(HttpRequest request, string name) => request.Query.ContainsKey(name);

    /// <summary>Go's conversion: absent, "0" and "false" (any case) are false; any other value, even "", is true.</summary>
    public static bool Flag(HttpRequest request, string name) =>
        IsSet(request, name) && Text(request, name) is var value && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>An int64 parameter, or null when absent; throws <see cref="RequestRejectedException"/> (400) when it does not parse.</summary>
    public static long? Int64(HttpRequest request, string name)
    {
        if (!IsSet(request, name))
            return null;
        var text = Text(request, name);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new RequestRejectedException(400, StatusErrors.BadRequest($"{name}: strconv.ParseInt: parsing \"{text}\": invalid syntax"));
    }
}
