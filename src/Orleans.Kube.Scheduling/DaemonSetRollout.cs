namespace Orleans.Kube.Scheduling;

/// <summary>A daemon pod on a node: whether it runs the current template and is available.</summary>
public sealed record DaemonPod(string Name, bool Updated, bool Available, bool Terminating);

/// <summary>One node as the DaemonSet controller sees it.</summary>
public sealed record DaemonNode(string Name, DaemonNodeFit Fit, IReadOnlyList<DaemonPod> Pods);

/// <summary>Pods to create (by node) and to delete (by name) on one pass.</summary>
public sealed record DaemonSetPlan(IReadOnlyList<string> CreateOn, IReadOnlyList<string> Delete);

/// <summary>
/// kube's DaemonSet manage + rollingUpdate: one pod per node that should run one, none elsewhere,
/// and an update that replaces old pods node by node within maxUnavailable (delete first) or
/// maxSurge (start the new pod beside the old one, which goes once the new one is available).
/// </summary>
public static class DaemonSetRollout
{
    /// <param name="rolling">False for OnDelete: old pods stay until someone deletes them.</param>
    public static DaemonSetPlan Decide(IReadOnlyList<DaemonNode> nodes, bool rolling, int maxUnavailable, int maxSurge)
    {
        var create = new List<string>();
        var delete = new List<string>();
        var live = nodes.ToDictionary(n => n.Name, n => n.Pods.Where(p => !p.Terminating).ToList());

        foreach (var node in nodes)
        {
            var pods = live[node.Name];
            if (!node.Fit.ShouldContinueRunning)
            {
                delete.AddRange(pods.Select(p => p.Name));
                live[node.Name] = [];
            }
            else if (pods.Count == 0 && node.Fit.ShouldRun)
                create.Add(node.Name);
            else if (pods.Count > 1 && !(maxSurge > 0 && pods.Count == 2 && pods.Count(p => p.Updated) == 1))
            {
                // More than one daemon pod on a node (outside a surge): keep the updated or else the first one.
                var keep = pods.OrderByDescending(p => p.Updated).ThenByDescending(p => p.Available).First();
                delete.AddRange(pods.Where(p => p != keep).Select(p => p.Name));
                live[node.Name] = [keep];
            }
        }
        if (!rolling)
            return new DaemonSetPlan(create, delete);

        var candidates = nodes.Where(n => n.Fit.ShouldContinueRunning && live[n.Name].Count > 0).ToList();
        if (maxSurge == 0)
        {
            // Unavailable nodes already use the budget; unavailable old pods go regardless.
            var unavailable = nodes.Count(n => n.Fit.ShouldRun && !live[n.Name].Any(p => p.Available));
            foreach (var node in candidates)
                foreach (var old in live[node.Name].Where(p => !p.Updated))
                {
                    if (!old.Available)
                        delete.Add(old.Name);
                    else if (unavailable < maxUnavailable)
                    {
                        delete.Add(old.Name);
                        unavailable++;
                    }
                }
            return new DaemonSetPlan(create, delete);
        }

        var surging = candidates.Count(n => live[n.Name].Any(p => p.Updated) && live[n.Name].Any(p => !p.Updated));
        foreach (var node in candidates)
        {
            var pods = live[node.Name];
            var old = pods.FirstOrDefault(p => !p.Updated);
            var updated = pods.FirstOrDefault(p => p.Updated);
            if (old is null)
                continue;
            if (updated is not null)
            {
                if (updated.Available)
                    delete.Add(old.Name);
            }
            else if (!old.Available)
                delete.Add(old.Name);
            else if (surging < maxSurge)
            {
                create.Add(node.Name);
                surging++;
            }
        }
        return new DaemonSetPlan(create, delete);
    }
}
