namespace Orleans.Kube.Runtime;

/// <summary>
/// One reading of a container's (or a node's) resource use: CPU time consumed since it started
/// (a cumulative counter, as cAdvisor reports it) and its memory working set at that moment.
/// </summary>
public sealed record ContainerUsage(ulong CpuNanoseconds, long WorkingSetBytes, DateTimeOffset Timestamp);
