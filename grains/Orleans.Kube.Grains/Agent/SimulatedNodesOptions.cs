using System.Globalization;

namespace Orleans.Kube.Grains;

/// <summary>
/// kwok-style simulated nodes, bound from the "Node:Simulated" section. A worker silo with
/// <see cref="Count"/> &gt; 0 hosts that many nodes named Prefix-0001, Prefix-0002, ... instead
/// of its own host: each has its own agent on an in-memory container runtime. For control-plane
/// scale tests; the capacity, labels and taints of the "Node" section apply to every one.
/// </summary>
public sealed class SimulatedNodesOptions
{
    /// <summary>Silo metadata naming the simulated nodes a silo hosts ("prefix:count"), read by the agents' placement.</summary>
    public const string MetadataKey = "okube.io/simulated-nodes";

    public int Count { get; set; }

    public string Prefix { get; set; } = "sim";

    /// <summary>
    /// How often each simulated agent re-checks its pods on its own (pod changes are handled at
    /// once). Simulated containers rarely change by themselves, and a thousand agents polling
    /// every second would cost more than the pods they simulate.
    /// </summary>
    public double SyncSeconds { get; set; } = 10;

    public IReadOnlyList<string> NodeNames() => [.. Enumerable.Range(1, Count).Select(i => NodeName(Prefix, Count, i))];

    public Dictionary<string, string> Metadata() =>
        Count > 0 ? new() { [MetadataKey] = $"{Prefix}:{Count.ToString(CultureInfo.InvariantCulture)}" } : [];

    /// <summary>True when a silo with this metadata hosts the simulated node <paramref name="nodeName"/>.</summary>
    public static bool Hosts(IReadOnlyDictionary<string, string> metadata, string nodeName)
    {
        if (!metadata.TryGetValue(MetadataKey, out var value) || value.LastIndexOf(':') is not (var colon and > 0) ||
            !int.TryParse(value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            return false;
        var prefix = value[..colon];
        return nodeName.StartsWith(prefix + "-", StringComparison.Ordinal) &&
               int.TryParse(nodeName[(prefix.Length + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
               index >= 1 && index <= count && NodeName(prefix, count, index) == nodeName;
    }

    // Zero-padded so names sort in creation order: sim-0001 ... sim-1000.
    private static string NodeName(string prefix, int count, int index) =>
        $"{prefix}-{index.ToString("D" + Math.Max(4, count.ToString(CultureInfo.InvariantCulture).Length), CultureInfo.InvariantCulture)}";
}
