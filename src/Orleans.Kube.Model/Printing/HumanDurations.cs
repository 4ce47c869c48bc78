using System.Globalization;

namespace Orleans.Kube.Model.Printing;

/// <summary>
/// Port of k8s.io/apimachinery/pkg/util/duration.HumanDuration: ~2-3 significant figures, integer
/// division throughout, so "119s" stays in seconds and "2y" only starts at 730 days.
/// </summary>
internal static class HumanDurations
{
    public static string Format(TimeSpan d)
    {
        // Go truncates d.Seconds() toward zero and tolerates up to 2s of clock skew as "now".
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 60 * 2) return F($"{seconds}s");

        var minutes = d.Ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = d.Ticks / TimeSpan.TicksPerSecond % 60;
            return s == 0 ? F($"{minutes}m") : F($"{minutes}m{s}s");
        }
        if (minutes < 60 * 3) return F($"{minutes}m");

        var hours = d.Ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? F($"{hours}h") : F($"{hours}h{m}m");
        }
        if (hours < 48) return F($"{hours}h");
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? F($"{hours / 24}d") : F($"{hours / 24}d{h}h");
        }
        if (hours < 24 * 365 * 2) return F($"{hours / 24}d");
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? F($"{hours / 24 / 365}y") : F($"{hours / 24 / 365}y{dy}d");
        }
        return F($"{hours / 24 / 365}y");
    }

    /// <summary>metav1 translateTimestampSince: "&lt;unknown&gt;" for a zero (absent) timestamp.</summary>
    public static string Since(DateTime? timestamp, DateTime nowUtc) =>
        timestamp is { } t ? Format(nowUtc - t) : "<unknown>";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The Age cell: the time since metadata.creationTimestamp.</summary>
    public static string Age(System.Text.Json.Nodes.JsonObject obj, DateTime nowUtc) =>
        Since(JsonFields.Time(obj, "metadata", "creationTimestamp"), nowUtc);
}
