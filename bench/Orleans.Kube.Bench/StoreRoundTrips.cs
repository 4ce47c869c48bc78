using System.Globalization;
using System.Text.RegularExpressions;

namespace Orleans.Kube.Bench;

/// <summary>
/// The silo's count of resource store requests by operation (okube_store_request_duration_seconds_count
/// on /metrics) and of write transactions: taken before and after a run, the difference per pod says
/// how many PostgreSQL round trips a pod cost. Background work of the same interval (heartbeats,
/// leases, the scheduler's log reads) is included.
/// </summary>
internal sealed partial class StoreRoundTrips(IReadOnlyDictionary<string, double> counts)
{
    private IReadOnlyDictionary<string, double> Counts => counts;

    public static async Task<StoreRoundTrips> ScrapeAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in Sample().Matches(text))
            counts[m.Groups["op"].Success ? m.Groups["op"].Value : "(commits)"] = double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
        return new StoreRoundTrips(counts);
    }

    /// <summary>A markdown table of what happened since <paramref name="before"/>, per pod.</summary>
    public string PerPod(StoreRoundTrips before, int pods)
    {
        var rows = counts.Select(c => (c.Key, Delta: c.Value - before.Counts.GetValueOrDefault(c.Key)))
            .Where(c => c.Delta > 0).OrderByDescending(c => c.Delta).ToList();
        var requests = rows.Where(r => r.Key != "(commits)").Sum(r => r.Delta);
        return "| store operation | total | per pod |\n|---|---|---|\n" +
               string.Concat(rows.Select(r => $"| {r.Key} | {r.Delta:0} | {r.Delta / pods:0.00} |\n")) +
               $"| all requests | {requests:0} | {requests / pods:0.00} |";
    }

    [GeneratedRegex("""^(?:okube_store_request_duration_seconds_count\{operation="(?<op>[a-z_]+)"\}|okube_store_commits_total) (?<value>[0-9.e+]+)$""", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
