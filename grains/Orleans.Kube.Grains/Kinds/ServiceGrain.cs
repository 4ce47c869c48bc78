using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class ServiceGrain(ResourceStore store, ILogger<ServiceGrain> logger)
    : ResourceGrain(ResourceKinds.Service, store, logger), IServiceGrain;
