using Prometheus;

namespace Orleans.Kube.Grains;

/// <summary>The scheduler's series, under kube-scheduler's names.</summary>
public static class SchedulerMetrics
{
    private static readonly string[] Labels = ["result", "profile"];
    public const string Profile = "default-scheduler";

    public static readonly Counter Attempts = Metrics.CreateCounter(
        "scheduler_schedule_attempts_total", "Number of attempts to schedule pods, by the result.", Labels);

    /// <summary>From the start of the pod's batch to its bind (or its unschedulable verdict).</summary>
    public static readonly Histogram AttemptDuration = Metrics.CreateHistogram(
        "scheduler_scheduling_attempt_duration_seconds", "Scheduling attempt latency in seconds (scheduling algorithm + binding).",
        new HistogramConfiguration { LabelNames = Labels, Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });

    public static void Record(string result, TimeSpan elapsed)
    {
        Attempts.WithLabels(result, Profile).Inc();
        AttemptDuration.WithLabels(result, Profile).Observe(elapsed.TotalSeconds);
    }
}
