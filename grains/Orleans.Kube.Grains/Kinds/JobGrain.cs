using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class JobGrain(ResourceStore store, ILogger<JobGrain> logger)
    : ResourceGrain(ResourceKinds.Job, store, logger), IJobGrain;
