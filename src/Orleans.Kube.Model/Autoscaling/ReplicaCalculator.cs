namespace Orleans.Kube.Model.Autoscaling;

/// <summary>One pod of the scale target as the autoscaler sees it for one resource.</summary>
/// <param name="Usage">Measured use (millicores or bytes), null when the pod has no metrics yet.</param>
/// <param name="Request">The sum of its containers' requests for the resource, null if any container has none.</param>
/// <param name="Ignored">Being deleted or failed: neither counted nor measured.</param>
/// <param name="ReadyChangedAt">When its Ready condition last changed.</param>
/// <param name="ContainerWithoutRequest">The first container without a request for the resource (kube's error names it).</param>
public sealed record ScalingPod(string Name, long? Usage, long? Request, bool Ready, bool Ignored,
    DateTimeOffset? StartedAt, DateTimeOffset? ReadyChangedAt, string? ContainerWithoutRequest = null);

/// <summary>A metric's proposal: the replica count, and the current value the status reports.</summary>
public sealed record MetricProposal(int Replicas, int? AverageUtilization, long AverageValue);

/// <summary>
/// kube's replica calculator for Resource metrics (replica_calculator.go): the usage ratio over ready
/// pods with metrics, a 10 % tolerance, and the conservative treatment of pods without metrics (counted at
/// 100 % of request when scaling down, 0 when scaling up) and of unready pods (0 when scaling up).
/// </summary>
public static class ReplicaCalculator
{
    public const double DefaultTolerance = 0.1;
    /// <summary>kube's --horizontal-pod-autoscaler-cpu-initialization-period and initial-readiness-delay.</summary>
    public static readonly TimeSpan CpuInitializationPeriod = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan InitialReadinessDelay = TimeSpan.FromSeconds(30);

    /// <summary>Replicas for a target utilization (percent of request); throws <see cref="ScalingException"/> when it cannot be computed.</summary>
    public static MetricProposal ForUtilization(int currentReplicas, IReadOnlyList<ScalingPod> pods, int targetUtilization, bool cpu,
        DateTimeOffset metricTime, TimeSpan metricWindow, double tolerance = DefaultTolerance)
    {
        var (ready, unready, missing, measured) = Group(pods, cpu, metricTime, metricWindow);
        if (measured.Count == 0)
            throw new ScalingException("FailedGetResourceMetric", "did not receive metrics for targeted pods (pods might be unready)");
        foreach (var pod in measured.Concat(missing))
            if (pod.Request is not > 0)
                throw new ScalingException("FailedGetResourceMetric", $"missing request for {(cpu ? "cpu" : "memory")} in container {pod.ContainerWithoutRequest} of Pod {pod.Name}");

        var usage = measured.Sum(p => p.Usage!.Value);
        var requests = measured.Sum(p => p.Request!.Value);
        var utilization = (int)(usage * 100 / requests);
        var ratio = (double)utilization / targetUtilization;
        var average = usage / measured.Count;

        var scaleUpWithUnready = unready.Count > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && missing.Count == 0)
        {
            if (Math.Abs(1.0 - ratio) <= tolerance)
                return new MetricProposal(currentReplicas, utilization, average);
            return new MetricProposal((int)Math.Ceiling(ratio * ready), utilization, average);
        }

        // Rebalance: pods without metrics count conservatively, unready ones as idle when scaling up.
        var extraUsage = 0L;
        var extraRequests = 0L;
        foreach (var pod in missing)
        {
            extraRequests += pod.Request!.Value;
            if (ratio < 1.0)
                extraUsage += pod.Request.Value;
        }
        if (scaleUpWithUnready)
            foreach (var pod in unready.Where(p => p.Request is > 0))
                extraRequests += pod.Request!.Value;
        var counted = measured.Count + missing.Count + (scaleUpWithUnready ? unready.Count : 0);
        var newUtilization = (int)((usage + extraUsage) * 100 / (requests + extraRequests));
        var newRatio = (double)newUtilization / targetUtilization;
        if (Math.Abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
            return new MetricProposal(currentReplicas, utilization, average);
        var replicas = (int)Math.Ceiling(newRatio * counted);
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas))
            return new MetricProposal(currentReplicas, utilization, average);
        return new MetricProposal(replicas, utilization, average);
    }

    /// <summary>Replicas for a target average value per pod (millicores or bytes).</summary>
    public static MetricProposal ForAverageValue(int currentReplicas, IReadOnlyList<ScalingPod> pods, long targetAverage, bool cpu,
        DateTimeOffset metricTime, TimeSpan metricWindow, double tolerance = DefaultTolerance)
    {
        var (ready, unready, missing, measured) = Group(pods, cpu, metricTime, metricWindow);
        if (measured.Count == 0)
            throw new ScalingException("FailedGetResourceMetric", "did not receive metrics for targeted pods (pods might be unready)");
        var usage = measured.Sum(p => p.Usage!.Value);
        var average = usage / measured.Count;
        var ratio = (double)usage / (targetAverage * measured.Count);

        var scaleUpWithUnready = unready.Count > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && missing.Count == 0)
        {
            if (Math.Abs(1.0 - ratio) <= tolerance)
                return new MetricProposal(currentReplicas, null, average);
            return new MetricProposal((int)Math.Ceiling(ratio * ready), null, average);
        }
        var extraUsage = ratio < 1.0 ? missing.Count * targetAverage : 0;
        var counted = measured.Count + missing.Count + (scaleUpWithUnready ? unready.Count : 0);
        var newRatio = (double)(usage + extraUsage) / (targetAverage * counted);
        if (Math.Abs(1.0 - newRatio) <= tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
            return new MetricProposal(currentReplicas, null, average);
        var replicas = (int)Math.Ceiling(newRatio * counted);
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas))
            return new MetricProposal(currentReplicas, null, average);
        return new MetricProposal(replicas, null, average);
    }

    /// <summary>
    /// kube's groupPods: ignored pods go; a pod without metrics is missing; for CPU a pod still starting
    /// counts as unready if it is not ready or its sample predates its readiness, a settled one only if
    /// it never became ready after its initial delay.
    /// </summary>
    private static (int Ready, List<ScalingPod> Unready, List<ScalingPod> Missing, List<ScalingPod> Measured) Group(
        IReadOnlyList<ScalingPod> pods, bool cpu, DateTimeOffset metricTime, TimeSpan metricWindow)
    {
        var unready = new List<ScalingPod>();
        var missing = new List<ScalingPod>();
        var measured = new List<ScalingPod>();
        foreach (var pod in pods.Where(p => !p.Ignored))
        {
            if (pod.Usage is null)
            {
                missing.Add(pod);
                continue;
            }
            var isUnready = false;
            if (cpu)
            {
                var started = pod.StartedAt ?? metricTime;
                var changed = pod.ReadyChangedAt ?? started;
                isUnready = started + CpuInitializationPeriod > metricTime
                    ? !pod.Ready || metricTime < changed + metricWindow
                    : !pod.Ready && started + InitialReadinessDelay > changed;
            }
            (isUnready ? unready : measured).Add(pod);
        }
        return (measured.Count, unready, missing, measured);
    }
}

/// <summary>A metric the autoscaler could not compute: the condition reason and message kube writes.</summary>
public sealed class ScalingException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
