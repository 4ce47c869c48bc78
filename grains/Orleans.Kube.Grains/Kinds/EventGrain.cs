using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class EventGrain(ResourceStore store, ILogger<EventGrain> logger)
    : ResourceGrain(ResourceKinds.Event, store, logger), IEventGrain;
