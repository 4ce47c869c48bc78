using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class DeploymentGrain(ResourceStore store, ILogger<DeploymentGrain> logger)
    : ResourceGrain(ResourceKinds.Deployment, store, logger), IDeploymentGrain;
