namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// What a node agent measured over its last sampling window: the node's own use and each running
/// pod's, per container (the data behind metrics.k8s.io, kubectl top and the autoscaler).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record NodeUsageReport(
    [property: Id(0)] DateTimeOffset Timestamp,
    [property: Id(1)] TimeSpan Window,
    [property: Id(2)] ResourceUse Node,
    [property: Id(3)] IReadOnlyList<PodUsage> Pods);

/// <summary>CPU in nanocores (billionths of a core, averaged over the window) and memory working set in bytes.</summary>
[GenerateSerializer, Immutable]
public sealed record ResourceUse([property: Id(0)] long CpuNanocores, [property: Id(1)] long MemoryBytes);

[GenerateSerializer, Immutable]
public sealed record PodUsage(
    [property: Id(0)] string Namespace,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyDictionary<string, string> Labels,
    [property: Id(3)] IReadOnlyList<ContainerUse> Containers);

[GenerateSerializer, Immutable]
public sealed record ContainerUse([property: Id(0)] string Name, [property: Id(1)] ResourceUse Usage);
