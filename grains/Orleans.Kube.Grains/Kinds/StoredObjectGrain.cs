using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// The grain of every kind without a controller: its key ("configmaps|default/web") names the kind, and
/// the kind's declaration supplies defaults and validation, so a storage-only kind needs no grain class.
/// </summary>
public sealed class StoredObjectGrain(IResourceStore store, ILogger<StoredObjectGrain> logger)
    : ResourceGrain(store, logger), IStoredObjectGrain;
