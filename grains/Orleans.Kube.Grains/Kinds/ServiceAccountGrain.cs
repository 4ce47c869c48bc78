using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class ServiceAccountGrain(ResourceStore store, ILogger<ServiceAccountGrain> logger)
    : ResourceGrain(ResourceKinds.ServiceAccount, store, logger), IServiceAccountGrain;
