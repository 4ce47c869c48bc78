using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class SecretGrain(ResourceStore store, ILogger<SecretGrain> logger)
    : ResourceGrain(ResourceKinds.Secret, store, logger), ISecretGrain;
