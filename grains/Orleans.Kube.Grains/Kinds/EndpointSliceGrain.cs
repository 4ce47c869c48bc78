using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class EndpointSliceGrain(ResourceStore store, ILogger<EndpointSliceGrain> logger)
    : ResourceGrain(ResourceKinds.EndpointSlice, store, logger), IEndpointSliceGrain;
