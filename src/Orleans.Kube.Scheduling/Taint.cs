namespace Orleans.Kube.Scheduling;

/// <summary>A node taint; <see cref="Effect"/> is NoSchedule, PreferNoSchedule or NoExecute.</summary>
public sealed record Taint(string Key, string? Value, string Effect)
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    // Well-known taints kube places on nodes; the scheduler treats the matching node states the same way.
    public const string NotReadyKey = "node.kubernetes.io/not-ready";
    public const string UnschedulableKey = "node.kubernetes.io/unschedulable";
}
