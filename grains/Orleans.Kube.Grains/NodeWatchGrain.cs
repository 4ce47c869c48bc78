using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>The durable list of controllers that care about nodes, and the fan-out to them.</summary>
public sealed class NodeWatchGrain(
    [PersistentState("nodewatch", StorageNames.Default)] IPersistentState<NodeWatchState> state) : Grain, INodeWatchGrain
{
    async Task INodeWatchGrain.Subscribe(string kind, string ns, string name)
    {
        if (state.State.Subscribers.Add(Entry(kind, ns, name)))
            await state.WriteStateAsync();
    }

    async Task INodeWatchGrain.Unsubscribe(string kind, string ns, string name)
    {
        if (state.State.Subscribers.Remove(Entry(kind, ns, name)))
            await state.WriteStateAsync();
    }

    async Task INodeWatchGrain.NodeChanged(string nodeName)
    {
        foreach (var entry in state.State.Subscribers)
        {
            var (kind, key) = (entry[..entry.IndexOf('|')], entry[(entry.IndexOf('|') + 1)..]);
            var (ns, name) = ResourceGrains.ParseKey(key);
            if (ResourceKinds.ByGroupResource(kind) is { } ownerKind && GrainFactory.For(ownerKind, ns, name) is IOwnerGrain owner)
                await owner.ChildChanged();
        }
    }

    private static string Entry(string kind, string ns, string name) => $"{kind}|{ResourceGrains.Key(ns, name)}";
}

[GenerateSerializer]
public sealed class NodeWatchState
{
    /// <summary>"{groupResource}|{namespace}/{name}" of each subscribed controller.</summary>
    [Id(0)]
    public HashSet<string> Subscribers { get; set; } = new(StringComparer.Ordinal);
}
