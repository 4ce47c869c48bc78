namespace Orleans.Kube.Grains.Controllers;

/// <summary>One pod of a StatefulSet as the plan sees it.</summary>
/// <param name="Healthy">Running and Ready (kube's isRunningAndReady).</param>
/// <param name="Finished">Failed or Succeeded: to be deleted and made again.</param>
public sealed record StatefulPod(int Ordinal, string Revision, bool Healthy, bool Terminating, bool Finished = false);

/// <summary>What one pass of the StatefulSet controller does: pods to create (by ordinal) and to delete.</summary>
public sealed record StatefulSetActions(IReadOnlyList<int> Create, IReadOnlyList<int> Delete, bool Waiting)
{
    public bool Settled => Create.Count == 0 && Delete.Count == 0 && !Waiting;
}

/// <summary>
/// kube's StatefulSet update algorithm (stateful_set_control.go) as a plain function. Replicas hold ordinals
/// start..start+replicas-1; pods above are condemned. OrderedReady makes progress one pod at a time: a missing
/// replica is created only once every lower one is Running and Ready, and condemned pods go highest first, one at a
/// time, once the rest are healthy. Parallel creates and deletes all at once. A RollingUpdate then deletes the
/// highest-ordinal pod at or above the partition whose revision is stale (it is made again at the new one), no more
/// than maxUnavailable pods being unavailable; OnDelete leaves stale pods alone.
/// </summary>
public static class StatefulSetPlan
{
    public static StatefulSetActions Decide(IReadOnlyCollection<StatefulPod> pods, int start, int replicas, bool parallel,
        bool rollingUpdate, int partition, int maxUnavailable, string updateRevision)
    {
        var create = new List<int>();
        var delete = new List<int>();
        var byOrdinal = pods.ToDictionary(p => p.Ordinal);
        var end = start + replicas;

        // Finished pods are deleted first; they come back at their ordinal on a later pass.
        foreach (var finished in pods.Where(p => p.Finished && !p.Terminating).OrderBy(p => p.Ordinal))
        {
            delete.Add(finished.Ordinal);
            if (!parallel)
                return new(create, delete, true);
        }

        for (var ordinal = start; ordinal < end; ordinal++)
        {
            if (!byOrdinal.TryGetValue(ordinal, out var pod))
            {
                create.Add(ordinal);
                if (!parallel)
                    return new(create, delete, true);
                continue;
            }
            if (!parallel && (pod.Terminating || !pod.Healthy || pod.Finished))
                return new(create, delete, true);
        }

        var condemned = pods.Where(p => p.Ordinal < start || p.Ordinal >= end).OrderByDescending(p => p.Ordinal).ToList();
        foreach (var pod in condemned)
        {
            if (pod.Terminating)
            {
                if (!parallel)
                    return new(create, delete, true);
                continue;
            }
            if (!delete.Contains(pod.Ordinal))
                delete.Add(pod.Ordinal);
            if (!parallel)
                return new(create, delete, true);
        }
        if (create.Count > 0 || delete.Count > 0)
            return new(create, delete, true);

        if (!rollingUpdate)
            return new(create, delete, false);
        var replicaPods = pods.Where(p => p.Ordinal >= start && p.Ordinal < end).ToList();
        var unavailable = replicaPods.Count(p => !p.Healthy || p.Terminating) + (replicas - replicaPods.Count);
        foreach (var pod in replicaPods.Where(p => p.Ordinal >= start + partition).OrderByDescending(p => p.Ordinal))
        {
            var stale = pod.Revision != updateRevision && !pod.Terminating;
            if (stale && unavailable < maxUnavailable)
            {
                delete.Add(pod.Ordinal);
                unavailable += pod.Healthy ? 1 : 0;
            }
            else if (stale || !pod.Healthy)
            {
                // kube waits for an unhealthy pod (and, past maxUnavailable, for a stale one) before going lower.
                if (unavailable >= maxUnavailable)
                    return new(create, delete, true);
            }
        }
        return new(create, delete, delete.Count > 0);
    }

    /// <summary>
    /// The revision a (re)created pod gets: below the partition a RollingUpdate keeps the current revision, every
    /// other pod gets the update revision (kube's newVersionedStatefulSetPod).
    /// </summary>
    public static string RevisionFor(int ordinal, int start, bool rollingUpdate, int partition, string currentRevision, string updateRevision) =>
        rollingUpdate && ordinal < start + partition ? currentRevision : updateRevision;
}
