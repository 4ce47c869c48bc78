using System.Globalization;

namespace Orleans.Kube.Runtime;

/// <summary>One line of a simulated container's log.</summary>
internal sealed record SimulatedLogEntry(DateTimeOffset Time, int Stream, string Line)
{
    /// <summary>Formats like the Engine: RFC3339 with a fixed 9-digit fraction, then a space.</summary>
    public string Format(bool timestamps) =>
        timestamps
            ? Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z '", CultureInfo.InvariantCulture) + Line + "\n"
            : Line + "\n";
}
