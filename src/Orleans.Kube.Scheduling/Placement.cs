namespace Orleans.Kube.Scheduling;

/// <summary>The outcome for one pod: a node, or null with kube's FailedScheduling message as <see cref="Reason"/>.</summary>
public sealed record Placement(PodRequest Pod, string? NodeName, string? Reason)
{
    public bool IsScheduled => NodeName is not null;
}
