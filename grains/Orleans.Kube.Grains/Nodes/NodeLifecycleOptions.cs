namespace Orleans.Kube.Grains;

/// <summary>How node liveness is judged. Bound from the silo's "Nodes" configuration section.</summary>
public sealed class NodeLifecycleOptions
{
    /// <summary>How often a node agent reports.</summary>
    public double HeartbeatSeconds { get; set; } = 2;

    /// <summary>A node silent for longer turns NotReady and its pods fail over.</summary>
    public double GracePeriodSeconds { get; set; } = 20;

    /// <summary>
    /// How often node grains look for silence and API silos wake them: an eighth of the grace
    /// period, within 1-5 s (kube's node monitor looks every 5 s with a 40 s grace). With a
    /// thousand nodes, a check every second per node is most of an idle silo's work.
    /// </summary>
    public TimeSpan CheckPeriod => TimeSpan.FromSeconds(Math.Clamp(GracePeriodSeconds / 8, 1, 5));
}
