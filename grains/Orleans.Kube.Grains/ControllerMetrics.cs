using Prometheus;

namespace Orleans.Kube.Grains;

/// <summary>Reconciles per controller, under controller-runtime's names (what operators already chart).</summary>
public static class ControllerMetrics
{
    public static readonly Counter Reconciles = Metrics.CreateCounter(
        "controller_runtime_reconcile_total", "Total number of reconciliations per controller, by result.", "controller", "result");

    public static readonly Histogram ReconcileTime = Metrics.CreateHistogram(
        "controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller.",
        new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });

    public static void Record(string controller, string result, TimeSpan elapsed)
    {
        Reconciles.WithLabels(controller, result).Inc();
        ReconcileTime.WithLabels(controller).Observe(elapsed.TotalSeconds);
    }
}
