namespace Orleans.Kube.Grains.Controllers;

/// <summary>How often controllers look again without a signal (configuration section "Controllers").</summary>
public sealed class ReconcileOptions
{
    /// <summary>The short resync that covers a lost one-way signal.</summary>
    public TimeSpan Resync { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long after its last signal or requeue an object keeps that resync; a settled object then costs nothing.</summary>
    public TimeSpan ResyncWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an autoscaler measures and rescales (kube's --horizontal-pod-autoscaler-sync-period).</summary>
    public TimeSpan HorizontalPodAutoscalerSyncPeriod { get; set; } = TimeSpan.FromSeconds(15);
}
