using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// The syntax check of robfig/cron's standard parser, which CronJob validation uses: five fields
/// (minute hour day-of-month month day-of-week) or a descriptor such as @hourly / @every 5m.
/// Error texts follow the parser because kube passes them through unchanged.
/// </summary>
internal static partial class CronSchedule
{
    private static readonly (uint Min, uint Max, Dictionary<string, uint>? Names)[] Fields =
    [
        (0, 59, null),
        (0, 23, null),
        (1, 31, null),
        (1, 12, new(StringComparer.Ordinal)
        {
            ["jan"] = 1, ["feb"] = 2, ["mar"] = 3, ["apr"] = 4, ["may"] = 5, ["jun"] = 6,
            ["jul"] = 7, ["aug"] = 8, ["sep"] = 9, ["oct"] = 10, ["nov"] = 11, ["dec"] = 12,
        }),
        (0, 6, new(StringComparer.Ordinal) { ["sun"] = 0, ["mon"] = 1, ["tue"] = 2, ["wed"] = 3, ["thu"] = 4, ["fri"] = 5, ["sat"] = 6 }),
    ];

    private static readonly HashSet<string> Descriptors = new(StringComparer.Ordinal)
    {
        "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly",
    };

    /// <summary>Null when the schedule parses, else the parser's error.</summary>
    public static string? Check(string spec)
    {
        if (spec.Length == 0)
        {
            return "empty spec string";
        }

        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            // The zone itself is judged by the caller's TZ rule; skip past it to the schedule.
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                return $"provided bad location {spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..]}: unknown time zone";
            }

            spec = spec[space..].Trim();
        }

        if (spec.StartsWith('@'))
        {
            if (Descriptors.Contains(spec))
            {
                return null;
            }

            if (spec.StartsWith("@every ", StringComparison.Ordinal))
            {
                var duration = spec["@every ".Length..];
                return GoDurationRegex().IsMatch(duration) ? null : $"failed to parse duration {spec}: time: invalid duration \"{duration}\"";
            }

            return $"unrecognized descriptor: {spec}";
        }

        var fields = spec.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
        }

        for (var i = 0; i < fields.Length; i++)
        {
            foreach (var range in fields[i].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (CheckRange(range, Fields[i]) is { } error)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static string? CheckRange(string expr, (uint Min, uint Max, Dictionary<string, uint>? Names) bounds)
    {
        var rangeAndStep = expr.Split('/');
        var lowAndHigh = rangeAndStep[0].Split('-');
        uint start, end;
        string? error;
        if (lowAndHigh[0] is "*" or "?")
        {
            start = bounds.Min;
            end = bounds.Max;
        }
        else
        {
            if ((error = ParseIntOrName(lowAndHigh[0], bounds.Names, out start)) is not null)
            {
                return error;
            }

            switch (lowAndHigh.Length)
            {
                case 1:
                    end = start;
                    break;
                case 2:
                    if ((error = ParseIntOrName(lowAndHigh[1], bounds.Names, out end)) is not null)
                    {
                        return error;
                    }

                    break;
                default:
                    return $"too many hyphens: {expr}";
            }
        }

        uint step = 1;
        switch (rangeAndStep.Length)
        {
            case 1:
                break;
            case 2:
                if ((error = ParseInt(rangeAndStep[1], out step)) is not null)
                {
                    return error;
                }

                // "N/step" means "N-max/step".
                if (lowAndHigh.Length == 1)
                {
                    end = bounds.Max;
                }

                break;
            default:
                return $"too many slashes: {expr}";
        }

        if (start < bounds.Min)
        {
            return $"beginning of range ({start}) below minimum ({bounds.Min}): {expr}";
        }

        if (end > bounds.Max)
        {
            return $"end of range ({end}) above maximum ({bounds.Max}): {expr}";
        }

        if (start > end)
        {
            return $"beginning of range ({start}) beyond end of range ({end}): {expr}";
        }

        return step == 0 ? $"step of range should be a positive number: {expr}" : null;
    }

    private static string? ParseIntOrName(string expr, Dictionary<string, uint>? names, out uint value)
    {
        if (names is not null && names.TryGetValue(expr.ToLowerInvariant(), out value))
        {
            return null;
        }

        return ParseInt(expr, out value);
    }

    private static string? ParseInt(string expr, out uint value)
    {
        value = 0;
        if (!long.TryParse(expr, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return $"failed to parse int from {expr}: strconv.Atoi: parsing {GoFormat.Quote(expr)}: invalid syntax";
        }

        if (number < 0)
        {
            return $"negative number ({number}) not allowed: {expr}";
        }

        value = number > uint.MaxValue ? uint.MaxValue : (uint)number;
        return null;
    }

    // time.ParseDuration: one or more decimal numbers each followed by a unit, e.g. "1h30m", "90s".
    [GeneratedRegex(@"\A[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+\z|\A0\z", RegexOptions.CultureInvariant)]
    private static partial Regex GoDurationRegex();
}
