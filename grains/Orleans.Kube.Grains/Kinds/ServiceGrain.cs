using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Networking;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// A Service: admitted with a ClusterIP and NodePorts from the pools, and the controller of its
/// Endpoints and EndpointSlices, which it recomputes from the namespace's pods whenever a
/// selected pod reports a change (and on the periodic resync).
/// </summary>
public sealed class ServiceGrain(IResourceStore store, ServiceAllocator allocator, ILogger<ServiceGrain> logger)
    : ReconcilingGrain(ResourceKinds.Service, store, logger), IServiceGrain
{
    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected override async Task<ApiResult?> AdmitAsync(JsonObject obj, JsonObject? old, bool dryRun)
    {
        var errors = await allocator.AdmitAsync(obj, old, dryRun);
        if (errors.Count == 0)
            return null;
        if (old is null && !dryRun)
            await allocator.ReleaseAllAsync(obj.Uid()!);
        return new ApiResult(422, StatusErrors.Invalid(Kind, ObjectName, errors));
    }

    protected override async Task OnRemovedAsync(JsonObject last)
    {
        await allocator.ReleaseAllAsync(last.Uid()!);
        // EndpointSlices go with their owner reference; Endpoints carry none, as in kube.
        await GrainFactory.For(ResourceKinds.Endpoints, ObjectNamespace, ObjectName).Delete(new DeleteRequest(PropagationPolicies.Background));
    }

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject service)
    {
        await allocator.ReleaseUnusedAsync(service);
        if (!ServiceEndpoints.IsManaged(service))
            return null;
        var (stored, _) = await Store.ListAsync(ResourceKinds.Pod.GroupResource, ObjectNamespace);
        var pods = stored.Select(p => KubeJson.ParseObject(p.Body)).ToList();

        // Slices first: the node proxies follow them, so whoever sees the Endpoints change (kubectl
        // get ep) can rely on the slices having changed already.
        var slices = ServiceEndpoints.Slices(service, pods);
        foreach (var slice in slices)
            await EnsureAsync(ResourceKinds.EndpointSlice, slice);
        var (existing, _) = await Store.ListAsync(ResourceKinds.EndpointSlice.GroupResource, ObjectNamespace);
        foreach (var stale in existing.Select(s => KubeJson.ParseObject(s.Body))
                     .Where(s => s.Labels().GetValueOrDefault(ServiceEndpoints.ServiceNameLabel) == ObjectName &&
                                 s.Labels().GetValueOrDefault(ServiceEndpoints.ManagedByLabel) == ServiceEndpoints.ManagedBy &&
                                 slices.All(d => d.Name() != s.Name())))
            await GrainFactory.For(ResourceKinds.EndpointSlice, ObjectNamespace, stale.Name()!).Delete(new DeleteRequest(PropagationPolicies.Background));
        await EnsureAsync(ResourceKinds.Endpoints, ServiceEndpoints.Endpoints(service, pods));
        return null;
    }

    /// <summary>Creates the object, or replaces it when what it carries differs from the desired state.</summary>
    private async Task EnsureAsync(ResourceKind kind, JsonObject desired)
    {
        var grain = GrainFactory.For(kind, ObjectNamespace, desired.Name()!);
        var current = await grain.Get();
        if (!current.IsSuccess)
        {
            await grain.Create(KubeJson.Write(desired), WriteOptions.Default);
            return;
        }
        var existing = KubeJson.ParseObject(current.Body);
        var merged = (JsonObject)existing.DeepClone();
        foreach (var (field, value) in desired.Where(p => p.Key is not ("metadata" or "apiVersion" or "kind")).ToList())
            merged[field] = value?.DeepClone();
        if (desired["subsets"] is null)
            merged.Remove("subsets");
        merged.Metadata()["labels"] = desired["metadata"]?["labels"]?.DeepClone();
        merged.Metadata()["ownerReferences"] = desired["metadata"]?["ownerReferences"]?.DeepClone();
        if (merged.Metadata()["ownerReferences"] is null)
            merged.Metadata().Remove("ownerReferences");
        if (!JsonNode.DeepEquals(merged, existing))
            await grain.Replace(KubeJson.Write(merged), WriteOptions.Default);
    }
}
