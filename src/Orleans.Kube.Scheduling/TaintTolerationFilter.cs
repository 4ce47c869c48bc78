namespace Orleans.Kube.Scheduling;

/// <summary>kube's TaintToleration filter: every NoSchedule/NoExecute taint must be tolerated; the first one that isn't is reported.</summary>
public sealed class TaintTolerationFilter : IFilter
{
    public string Name => "TaintToleration";

    public string? Check(PodRequest pod, NodeSnapshot node)
    {
        var taints = node.Taints;
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            if (taint.Effect is not (Taint.NoSchedule or Taint.NoExecute)) continue;
            if (!Toleration.AnyTolerates(pod.Tolerations, taint.Key, taint.Value, taint.Effect))
                return UntoleratedReason(taint.Key, taint.Value);
        }
        return null;
    }

    /// <summary>kube's wording, e.g. "node(s) had untolerated taint {dedicated: gpu}".</summary>
    public static string UntoleratedReason(string key, string? value) => $"node(s) had untolerated taint {{{key}: {value}}}";
}
