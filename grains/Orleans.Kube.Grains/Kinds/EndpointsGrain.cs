using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class EndpointsGrain(ResourceStore store, ILogger<EndpointsGrain> logger)
    : ResourceGrain(ResourceKinds.Endpoints, store, logger), IEndpointsGrain;
