using Orleans.Placement;
using Orleans.Runtime;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// Places a grain keyed by a node name on the silo of that name, and nowhere else: a node agent
/// must run on its own host, so when that silo is gone the grain simply cannot be activated.
/// </summary>
[Serializable, GenerateSerializer, Immutable]
public sealed class NodePinnedPlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePinnedPlacementAttribute() : PlacementAttribute(new NodePinnedPlacement());

/// <summary>
/// Places a grain keyed by a node name on any active silo except that node's own, so the grain
/// watching a node's liveness does not die with the node.
/// </summary>
[Serializable, GenerateSerializer, Immutable]
public sealed class AwayFromNodePlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class AwayFromNodePlacementAttribute() : PlacementAttribute(new AwayFromNodePlacement());
