namespace Orleans.Kube.Grains.Controllers;

/// <summary>A ReplicaSet as the rollout sees it: spec.replicas and status.availableReplicas.</summary>
public readonly record struct ReplicaCounts(int Replicas, int Available);

/// <summary>Where a rolling update step takes the new ReplicaSet and each old one (same order as given).</summary>
public sealed record RolloutStep(int NewReplicas, IReadOnlyList<int> OldReplicas);

/// <summary>
/// The rolling-update arithmetic of kube's deployment controller (rolling.go), as plain functions: the new
/// ReplicaSet grows while the total stays within desired + maxSurge, and old ones shrink (unavailable pods
/// first) while at least desired - maxUnavailable pods stay available, the new set's unavailable pods counted.
/// </summary>
public static class RollingUpdate
{
    /// <summary>maxSurge and maxUnavailable as pod counts; both zero would never progress, so maxUnavailable becomes 1.</summary>
    public static (int MaxSurge, int MaxUnavailable) Limits(int maxSurge, int maxUnavailable) =>
        maxSurge == 0 && maxUnavailable == 0 ? (0, 1) : (maxSurge, maxUnavailable);

    /// <summary>The size a brand-new ReplicaSet starts at, next to <paramref name="oldReplicas"/> old pods.</summary>
    public static int InitialReplicas(int desired, int maxSurge, int oldReplicas, bool recreate) =>
        oldReplicas == 0 ? desired
        : recreate ? 0
        : Math.Max(0, Math.Min(desired, desired + maxSurge - oldReplicas));

    /// <summary>
    /// One step: scale the new set up as far as the surge allows (or down to desired), then scale old sets,
    /// oldest first (<paramref name="olds"/> in that order), down within the availability budget
    /// (reconcileNewReplicaSet, then reconcileOldReplicaSets).
    /// </summary>
    public static RolloutStep Step(int desired, int maxSurge, int maxUnavailable, ReplicaCounts newSet, IReadOnlyList<ReplicaCounts> olds)
    {
        (maxSurge, maxUnavailable) = Limits(maxSurge, maxUnavailable);
        // A set's status can lag its spec: pods above spec.replicas are on their way out, so never count them.
        newSet = newSet with { Available = Math.Min(newSet.Available, newSet.Replicas) };
        olds = olds.Select(o => o with { Available = Math.Min(o.Available, o.Replicas) }).ToList();
        var newReplicas = newSet.Replicas;
        var total = newSet.Replicas + olds.Sum(o => o.Replicas);
        if (newReplicas < desired)
        {
            var room = desired + maxSurge - total;
            if (room > 0)
                newReplicas = Math.Min(desired, newReplicas + room);
        }
        else if (newReplicas > desired)
            newReplicas = desired;

        var oldReplicas = olds.Select(o => o.Replicas).ToArray();
        var minAvailable = desired - maxUnavailable;
        // reconcileOldReplicaSets: never below minAvailable, counting the new set's unavailable pods as missing.
        var maxScaledDown = newReplicas + oldReplicas.Sum() - minAvailable - (newReplicas - newSet.Available);
        if (maxScaledDown <= 0)
            return new RolloutStep(newReplicas, oldReplicas);
        // cleanupUnhealthyReplicas: unavailable old pods go first, up to that bound.
        var cleanup = maxScaledDown;
        for (var i = 0; i < olds.Count && cleanup > 0; i++)
        {
            var cut = Math.Min(cleanup, Math.Max(0, oldReplicas[i] - olds[i].Available));
            oldReplicas[i] -= cut;
            cleanup -= cut;
        }
        // scaleDownOldReplicaSetsForRollingUpdate: then available ones, down to minAvailable.
        var surplus = newSet.Available + olds.Sum(o => o.Available) - minAvailable;
        for (var i = 0; i < olds.Count && surplus > 0; i++)
        {
            var cut = Math.Min(surplus, oldReplicas[i]);
            oldReplicas[i] -= cut;
            surplus -= cut;
        }
        return new RolloutStep(newReplicas, oldReplicas);
    }
}
