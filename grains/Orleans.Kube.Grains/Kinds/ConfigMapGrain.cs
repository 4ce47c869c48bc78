using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class ConfigMapGrain(ResourceStore store, ILogger<ConfigMapGrain> logger)
    : ResourceGrain(ResourceKinds.ConfigMap, store, logger), IConfigMapGrain;
