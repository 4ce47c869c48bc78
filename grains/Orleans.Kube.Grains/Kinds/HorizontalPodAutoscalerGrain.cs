using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class HorizontalPodAutoscalerGrain(ResourceStore store, ILogger<HorizontalPodAutoscalerGrain> logger)
    : ResourceGrain(ResourceKinds.HorizontalPodAutoscaler, store, logger), IHorizontalPodAutoscalerGrain;
