using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class CronJobGrain(ResourceStore store, ILogger<CronJobGrain> logger)
    : ResourceGrain(ResourceKinds.CronJob, store, logger), ICronJobGrain;
