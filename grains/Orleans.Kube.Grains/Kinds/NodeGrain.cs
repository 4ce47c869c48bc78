using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class NodeGrain(ResourceStore store, ILogger<NodeGrain> logger)
    : ResourceGrain(ResourceKinds.Node, store, logger), INodeGrain;
