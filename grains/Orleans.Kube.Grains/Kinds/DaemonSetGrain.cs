using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class DaemonSetGrain(ResourceStore store, ILogger<DaemonSetGrain> logger)
    : ResourceGrain(ResourceKinds.DaemonSet, store, logger), IDaemonSetGrain;
