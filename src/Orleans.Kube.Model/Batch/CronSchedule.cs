using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace Orleans.Kube.Model.Batch;

/// <summary>
/// A CronJob's schedule: five-field cron or a descriptor (@hourly, @daily, ...) parsed by Cronos, or
/// robfig/cron's "@every &lt;duration&gt;", evaluated in the CronJob's time zone. Parse errors keep
/// the wording of robfig/cron (which kube passes through) where the syntax is shared.
/// </summary>
public sealed partial class CronSchedule
{
    private static readonly Dictionary<string, string> Descriptors = new(StringComparer.Ordinal)
    {
        ["@yearly"] = "0 0 1 1 *", ["@annually"] = "0 0 1 1 *", ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0", ["@daily"] = "0 0 * * *", ["@midnight"] = "0 0 * * *", ["@hourly"] = "0 * * * *",
    };

    private readonly CronExpression? expression;
    private readonly TimeSpan every;
    private readonly TimeZoneInfo zone;

    private CronSchedule(CronExpression? expression, TimeSpan every, TimeZoneInfo zone)
    {
        this.expression = expression;
        this.every = every;
        this.zone = zone;
    }

    /// <summary>Null when <paramref name="spec"/> parses, else why not.</summary>
    public static string? Check(string spec)
    {
        // A TZ= prefix is refused by the caller with its own message; judge the rest.
        if (spec.StartsWith("TZ=", StringComparison.Ordinal) || spec.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var space = spec.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
                return $"provided bad location {spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..]}: unknown time zone";
            spec = spec[space..].Trim();
        }
        return TryParse(spec, null, out _);
    }

    /// <summary>Parses <paramref name="spec"/> for <paramref name="timeZone"/> (null: UTC); returns the error or null.</summary>
    public static string? TryParse(string spec, string? timeZone, out CronSchedule schedule)
    {
        schedule = null!;
        if (spec.Length == 0)
            return "empty spec string";
        var zone = TimeZoneInfo.Utc;
        if (timeZone is { Length: > 0 } && timeZone != "UTC" && !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone!))
            return $"provided bad location {timeZone}: unknown time zone";
        zone ??= TimeZoneInfo.Utc;
        spec = spec.Trim();
        if (spec.StartsWith("@every ", StringComparison.Ordinal))
        {
            var text = spec["@every ".Length..].Trim();
            if (ParseGoDuration(text) is not { } duration)
                return $"failed to parse duration {spec}: time: invalid duration \"{text}\"";
            // robfig/cron: intervals below a second round up to one second.
            schedule = new CronSchedule(null, TimeSpan.FromSeconds(Math.Max(1, Math.Floor(duration.TotalSeconds))), zone);
            return null;
        }
        if (spec.StartsWith('@'))
        {
            if (!Descriptors.TryGetValue(spec, out var expanded))
                return $"unrecognized descriptor: {spec}";
            spec = expanded;
        }
        var fields = spec.Split([' ', '\t', '\n', '\r', '\v', '\f'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
            return $"expected exactly 5 fields, found {fields.Length}: [{string.Join(' ', fields)}]";
        try
        {
            schedule = new CronSchedule(CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard), TimeSpan.Zero, zone);
            return null;
        }
        catch (CronFormatException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The first scheduled time strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        if (expression is null)
            return new DateTimeOffset(after.UtcTicks - after.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero) + every;
        return expression.GetNextOccurrence(after.ToUniversalTime(), zone, inclusive: false)?.ToUniversalTime();
    }

    // time.ParseDuration: one or more decimal numbers each followed by a unit, e.g. "1h30m", "90s".
    private static TimeSpan? ParseGoDuration(string text)
    {
        if (text == "0")
            return TimeSpan.Zero;
        var match = GoDurationRegex().Match(text);
        if (!match.Success)
            return null;
        double seconds = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = UnitRegex().Match(part.Value);
            var number = double.Parse(part.Value[..unit.Index], CultureInfo.InvariantCulture);
            seconds += number * unit.Value switch
            {
                "h" => 3600, "m" => 60, "s" => 1, "ms" => 1e-3, "us" or "µs" or "μs" => 1e-6, _ => 1e-9,
            };
        }
        return TimeSpan.FromSeconds(text.StartsWith('-') ? -seconds : seconds);
    }

    [GeneratedRegex(@"\A[-+]?(?<part>([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+\z", RegexOptions.CultureInvariant)]
    private static partial Regex GoDurationRegex();

    [GeneratedRegex(@"(ns|us|µs|μs|ms|s|m|h)\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnitRegex();
}
