using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// Turns cumulative CPU counters into rates: each sample is compared with the previous one of the
/// same key (a container id, or the node), as metrics-server does with two cAdvisor scrapes. A key
/// seen for the first time, or whose counter went backwards (a restart), has no rate yet.
/// </summary>
public sealed class UsageRates
{
    private Dictionary<string, ContainerUsage> previous = new(StringComparer.Ordinal);

    /// <summary>Rates for the keys sampled now; keys not sampled are forgotten.</summary>
    public IReadOnlyDictionary<string, (long CpuNanocores, long MemoryBytes, TimeSpan Window)> Next(IReadOnlyDictionary<string, ContainerUsage> samples)
    {
        var rates = new Dictionary<string, (long, long, TimeSpan)>(StringComparer.Ordinal);
        foreach (var (key, now) in samples)
            if (previous.TryGetValue(key, out var before) && now.Timestamp > before.Timestamp && now.CpuNanoseconds >= before.CpuNanoseconds)
            {
                var window = now.Timestamp - before.Timestamp;
                var nanocores = (long)((now.CpuNanoseconds - before.CpuNanoseconds) / window.TotalSeconds);
                rates[key] = (nanocores, now.WorkingSetBytes, window);
            }
        previous = new Dictionary<string, ContainerUsage>(samples, StringComparer.Ordinal);
        return rates;
    }
}
