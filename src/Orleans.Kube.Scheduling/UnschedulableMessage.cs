namespace Orleans.Kube.Scheduling;

/// <summary>kube-scheduler's FitError text: "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) were unschedulable."</summary>
internal static class UnschedulableMessage
{
    /// <summary>kube's ErrNoNodesAvailable, reported when the cluster has no nodes at all.</summary>
    public const string NoNodes = "no nodes available to schedule pods";

    public static string Format(int nodeCount, IReadOnlyDictionary<string, int> reasonCounts)
    {
        var message = $"0/{nodeCount} nodes are available:";
        if (reasonCounts.Count == 0) return message;
        // Like kube, sort the whole "<count> <reason>" strings (Go's sort.Strings: ordinal).
        var parts = reasonCounts.Select(r => $"{r.Value} {r.Key}").ToArray();
        Array.Sort(parts, StringComparer.Ordinal);
        return $"{message} {string.Join(", ", parts)}.";
    }
}
