using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Orleans.Kube.Grains.Placement;

/// <summary>A random active silo not named like the grain's key (the key's own silo if it is the only one).</summary>
public sealed class AwayFromNodePlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var node = target.GrainIdentity.Key.ToString();
        var members = membership.CurrentSnapshot.Members;
        var candidates = context.GetCompatibleSilos(target)
            .Where(s => members.TryGetValue(s, out var m) && m.Status == SiloStatus.Active)
            .ToList();
        var away = candidates.Where(s => members[s].Name != node).ToList();
        var pool = away.Count > 0 ? away : candidates;
        if (pool.Count == 0)
            throw new OrleansException("No active silo to place a node grain on");
        return Task.FromResult(pool[Random.Shared.Next(pool.Count)]);
    }
}
