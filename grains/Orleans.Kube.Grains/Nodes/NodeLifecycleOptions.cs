namespace Orleans.Kube.Grains;

/// <summary>How node liveness is judged. Bound from the silo's "Nodes" configuration section.</summary>
public sealed class NodeLifecycleOptions
{
    /// <summary>How often a node agent reports.</summary>
    public double HeartbeatSeconds { get; set; } = 2;

    /// <summary>A node silent for longer turns NotReady and its pods fail over.</summary>
    public double GracePeriodSeconds { get; set; } = 20;
}
