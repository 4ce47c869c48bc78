using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>A namespace being deleted turns Terminating, deletes everything in it, then goes.</summary>
public sealed class NamespaceGrain(IResourceStore store, ILogger<NamespaceGrain> logger)
    : ResourceGrain(ResourceKinds.Namespace, store, logger), INamespaceGrain
{
    protected override bool NeedsCleanupBeforeRemoval(JsonObject obj, long? gracePeriodSeconds) => true;

    protected override void OnDeletionMarked(JsonObject obj) =>
        obj["status"] = new JsonObject { ["phase"] = "Terminating" };

    protected override async Task<bool> CleanupBeforeRemovalAsync(JsonObject obj)
    {
        var contents = await Store.ListNamespaceContentsAsync(ObjectName);
        await Task.WhenAll(contents
            .Where(item => ResourceKinds.ByGroupResource(item.Resource) is not null)
            .Select(item => GrainFactory.For(ResourceKinds.ByGroupResource(item.Resource)!, item.Namespace, item.Name)
                .Delete(new DeleteRequest(PropagationPolicies.Background))));
        return contents.Count == 0;
    }
}
