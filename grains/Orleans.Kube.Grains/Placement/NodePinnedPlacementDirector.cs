using Orleans.Kube.Grains.Abstractions;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace Orleans.Kube.Grains.Placement;

/// <summary>
/// Chooses the active silo whose name is the grain's key, or the one whose metadata says it hosts
/// that simulated node; refuses every other silo.
/// </summary>
public sealed class NodePinnedPlacementDirector(IClusterMembershipService membership, ISiloMetadataCache metadata) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var node = target.GrainIdentity.Key.ToString();
        foreach (var silo in context.GetCompatibleSilos(target))
            if (membership.CurrentSnapshot.Members.TryGetValue(silo, out var member) && member.Status == SiloStatus.Active &&
                (member.Name == node || SimulatedNodesOptions.Hosts(metadata.GetSiloMetadata(silo).Metadata, node)))
                return Task.FromResult(silo);
        throw new OrleansException($"No active silo named '{node}': its node agent cannot run elsewhere");
    }
}
