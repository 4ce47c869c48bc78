using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class ReplicaSetGrain(ResourceStore store, ILogger<ReplicaSetGrain> logger)
    : ResourceGrain(ResourceKinds.ReplicaSet, store, logger), IReplicaSetGrain;
