using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class StatefulSetGrain(ResourceStore store, ILogger<StatefulSetGrain> logger)
    : ResourceGrain(ResourceKinds.StatefulSet, store, logger), IStatefulSetGrain;
