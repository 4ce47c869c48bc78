using Orleans.Kube.Model;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Scheduling;

/// <summary>
/// A pod's selector and affinity parsed once, so filters and scorers don't re-read JSON for every node.
/// Cached by PodRequest reference: a batch asks about the same pod once per node.
/// </summary>
internal sealed class CompiledPod
{
    private static readonly ConditionalWeakTable<PodRequest, CompiledPod> Cache = new();

    // Consecutive calls are almost always for the same pod (one pod against every node): skip the table lookup.
    [ThreadStatic] private static PodRequest? lastPod;
    [ThreadStatic] private static CompiledPod? lastCompiled;

    public KeyValuePair<string, string>[] NodeSelector { get; }

    /// <summary>Null when the pod has no required node affinity; otherwise the terms, any of which must match (ORed).</summary>
    public NodeSelectorTerm[]? RequiredTerms { get; }

    public (int Weight, NodeSelectorTerm Term)[] Preferred { get; }

    public int PreferredTotalWeight { get; }

    /// <summary>One entry per bound volume with node affinity: its terms, any of which must match.</summary>
    public NodeSelectorTerm[][] VolumeTerms { get; }

    private CompiledPod(PodRequest pod)
    {
        NodeSelector = [.. pod.NodeSelector];
        var affinity = pod.NodeAffinity;
        if (JsonFields.Obj(affinity, "requiredDuringSchedulingIgnoredDuringExecution") is { } required)
            RequiredTerms = [.. JsonFields.Objects(JsonFields.Arr(required, "nodeSelectorTerms")).Select(NodeSelectorTerm.Parse)];
        Preferred = [.. JsonFields.Objects(JsonFields.Arr(affinity, "preferredDuringSchedulingIgnoredDuringExecution"))
            .Select(p => (Weight: Weight(p), Term: NodeSelectorTerm.Parse(JsonFields.Obj(p, "preference"))))
            .Where(p => p.Weight > 0)];
        PreferredTotalWeight = Preferred.Sum(p => p.Weight);
        VolumeTerms = [.. pod.VolumeNodeAffinities.Select(selector =>
            JsonFields.Objects(JsonFields.Arr(selector, "nodeSelectorTerms")).Select(NodeSelectorTerm.Parse).ToArray())];
    }

    public static CompiledPod Of(PodRequest pod)
    {
        if (ReferenceEquals(pod, lastPod) && lastCompiled is { } hit) return hit;
        var compiled = Cache.GetValue(pod, static p => new CompiledPod(p));
        lastPod = pod;
        lastCompiled = compiled;
        return compiled;
    }

    /// <summary>nodeSelector labels all present with equal values, and (if any) one required term matching.</summary>
    public bool MatchesRequired(NodeSnapshot node)
    {
        foreach (var (key, value) in NodeSelector)
            if (!node.Labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
                return false;
        if (RequiredTerms is null) return true;
        foreach (var term in RequiredTerms)
            if (term.Matches(node)) return true;
        return false;
    }

    /// <summary>Every bound volume's node affinity has a term matching the node.</summary>
    public bool MatchesVolumes(NodeSnapshot node)
    {
        foreach (var terms in VolumeTerms)
            if (!terms.Any(term => term.Matches(node))) return false;
        return true;
    }

    private static int Weight(JsonObject preferred) =>
        int.TryParse(JsonFields.Scalar(preferred, "weight"), out var weight) ? Math.Clamp(weight, 0, 100) : 0;
}
