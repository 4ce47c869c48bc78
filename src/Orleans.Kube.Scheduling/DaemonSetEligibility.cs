namespace Orleans.Kube.Scheduling;

/// <summary>Whether a DaemonSet's pod belongs on a node: should one be created, may an existing one stay.</summary>
public readonly record struct DaemonNodeFit(bool ShouldRun, bool ShouldContinueRunning);

/// <summary>
/// kube's NodeShouldRunDaemonPod: the node must match the template's nodeSelector and required node
/// affinity, and every NoSchedule/NoExecute taint must be tolerated, counting the tolerations kube
/// adds to every daemon pod. An untolerated NoSchedule taint only stops new pods; NoExecute evicts.
/// </summary>
public static class DaemonSetEligibility
{
    private const string UnreachableKey = "node.kubernetes.io/unreachable";

    /// <summary>kube's AddOrUpdateDaemonPodTolerations (network-unavailable only for host-network pods).</summary>
    public static IReadOnlyList<Toleration> AutomaticTolerations(bool hostNetwork)
    {
        var tolerations = new List<Toleration>
        {
            new(Taint.NotReadyKey, Toleration.Exists, null, Taint.NoExecute),
            new(UnreachableKey, Toleration.Exists, null, Taint.NoExecute),
            new("node.kubernetes.io/disk-pressure", Toleration.Exists, null, Taint.NoSchedule),
            new("node.kubernetes.io/memory-pressure", Toleration.Exists, null, Taint.NoSchedule),
            new("node.kubernetes.io/pid-pressure", Toleration.Exists, null, Taint.NoSchedule),
            new(Taint.UnschedulableKey, Toleration.Exists, null, Taint.NoSchedule),
        };
        if (hostNetwork)
            tolerations.Add(new("node.kubernetes.io/network-unavailable", Toleration.Exists, null, Taint.NoSchedule));
        return tolerations;
    }

    /// <summary>The template's tolerations plus the automatic ones it does not already have.</summary>
    public static IReadOnlyList<Toleration> WithAutomaticTolerations(IReadOnlyList<Toleration> tolerations, bool hostNetwork) =>
        [.. tolerations, .. AutomaticTolerations(hostNetwork).Where(t => !tolerations.Contains(t))];

    /// <param name="template">The DaemonSet's pod template as a request, its tolerations already including the automatic ones.</param>
    public static DaemonNodeFit Fit(PodRequest template, NodeSnapshot node)
    {
        if (new NodeAffinityFilter().Check(template, node) is not null)
            return new DaemonNodeFit(false, false);
        var fit = new DaemonNodeFit(true, true);
        foreach (var taint in node.Taints)
        {
            if (taint.Effect is not (Taint.NoSchedule or Taint.NoExecute) || Toleration.AnyTolerates(template.Tolerations, taint.Key, taint.Value, taint.Effect))
                continue;
            if (taint.Effect == Taint.NoExecute)
                return new DaemonNodeFit(false, false);
            fit = new DaemonNodeFit(false, true);
        }
        return fit;
    }
}
