using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// The grain of every kind without a controller: its key ("configmaps|default/web") names the kind, and
/// the kind's declaration supplies defaults and validation, so a storage-only kind needs no grain class.
/// </summary>
public sealed class StoredObjectGrain(IResourceStore store, ILogger<StoredObjectGrain> logger)
    : ResourceGrain(store, logger), IStoredObjectGrain
{
    protected override Task<ApiResult?> AdmitAsync(JsonObject obj, JsonObject? old, bool dryRun) =>
        old is null && Kind == ResourceKinds.Ingress
            ? DefaultIngressClass.AdmitAsync(Store, obj)
            : base.AdmitAsync(obj, old, dryRun);
}
