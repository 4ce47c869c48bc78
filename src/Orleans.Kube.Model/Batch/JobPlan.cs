namespace Orleans.Kube.Model.Batch;

/// <summary>A Job's spec as its controller needs it.</summary>
public sealed record JobSpecView(int? Completions, int Parallelism, int BackoffLimit, long? ActiveDeadlineSeconds,
    bool Indexed, bool Suspend, bool RestartOnFailure, IReadOnlyList<PodFailureRule> FailureRules);

/// <summary>Why a Job ended: the condition reason and message kube writes.</summary>
public sealed record JobFinish(bool Succeeded, string Reason, string Message)
{
    public static readonly JobFinish Completed = new(true, "CompletionsReached", "Reached expected number of succeeded pods");
    public static readonly JobFinish BackoffLimitExceeded = new(false, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    public static readonly JobFinish DeadlineExceeded = new(false, "DeadlineExceeded", "Job was active longer than specified deadline");

    public static JobFinish PodFailurePolicy(string message) => new(false, "PodFailurePolicy", message);
}

/// <param name="Finish">Set when the Job has ended (its active pods are then all in <see cref="Delete"/>).</param>
/// <param name="Create">One entry per pod to create: its completion index (Indexed) or null.</param>
/// <param name="Delete">Names of active pods to delete.</param>
/// <param name="RetryAfter">When pod creation is held back by the failure back-off, how long remains.</param>
public sealed record JobPlan(JobFinish? Finish, IReadOnlyList<int?> Create, IReadOnlyList<string> Delete, TimeSpan? RetryAfter)
{
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(6);

    /// <summary>kube's pod failure back-off: 10 s after the first failure, doubling per further failure, at most 6 min.</summary>
    public static TimeSpan Backoff(int failuresAfterLastSuccess)
    {
        if (failuresAfterLastSuccess <= 0)
            return TimeSpan.Zero;
        var exponent = Math.Min(failuresAfterLastSuccess - 1, 16);
        var delay = InitialBackoff * Math.Pow(2, exponent);
        return delay > MaxBackoff ? MaxBackoff : delay;
    }

    /// <summary>
    /// kube's job controller decision for one pass, from counted results (<paramref name="succeeded"/>,
    /// <paramref name="failed"/>, <paramref name="completedIndexes"/>), the active pods and the failed ones still present.
    /// </summary>
    /// <param name="failJob">A podFailurePolicy FailJob match among newly failed pods, if any.</param>
    public static JobPlan Decide(JobSpecView spec, int succeeded, int failed, IReadOnlySet<int> completedIndexes,
        IReadOnlyList<JobPod> active, IReadOnlyList<JobPod> finished, PodFailureMatch? failJob, DateTimeOffset? startTime, DateTimeOffset now)
    {
        var all = active.Select(p => p.Name).ToList();
        if (failJob is not null)
            return new JobPlan(JobFinish.PodFailurePolicy(failJob.Message), [], all, null);
        if (PastBackoffLimit(spec, failed, active))
            return new JobPlan(JobFinish.BackoffLimitExceeded, [], all, null);
        if (spec.ActiveDeadlineSeconds is { } deadline && startTime is { } start && now - start >= TimeSpan.FromSeconds(deadline))
            return new JobPlan(JobFinish.DeadlineExceeded, [], all, null);
        if (spec.Suspend)
            return new JobPlan(null, [], all, null);

        var done = spec.Indexed ? completedIndexes.Count : succeeded;
        if (spec.Completions is { } completions ? done >= completions : done > 0 && active.Count == 0)
            return new JobPlan(active.Count == 0 ? JobFinish.Completed : null, [], all, null);

        var wanted = spec.Completions is { } total
            ? Math.Min(spec.Parallelism, total - done)
            : done > 0 ? 0 : spec.Parallelism;
        var delete = new List<string>();
        var keep = active;
        if (spec.Indexed)
        {
            // One pod per index: duplicates and pods of completed or out-of-range indexes go.
            keep = [.. active.GroupBy(p => p.Index).Where(g => g.Key is { } i && i < spec.Completions && !completedIndexes.Contains(i)).Select(g => g.First())];
            delete.AddRange(active.Except(keep).Select(p => p.Name));
        }
        if (keep.Count > wanted)
        {
            // Surplus: not-ready pods go first, then the newest (kube's ActivePods order, reversed).
            var surplus = keep.OrderBy(p => p.Ready).ThenByDescending(p => p.Name, StringComparer.Ordinal).Take(keep.Count - wanted).ToList();
            delete.AddRange(surplus.Select(p => p.Name));
            return new JobPlan(null, [], delete, null);
        }
        var missing = wanted - keep.Count;
        if (missing == 0)
            return new JobPlan(null, [], delete, null);

        var wait = RemainingBackoff(finished, now);
        if (wait > TimeSpan.Zero)
            return new JobPlan(null, [], delete, wait);
        IReadOnlyList<int?> create = spec.Indexed
            ? [.. Enumerable.Range(0, spec.Completions ?? 0)
                .Where(i => !completedIndexes.Contains(i) && !keep.Any(p => p.Index == i))
                .Take(missing).Select(i => (int?)i)]
            : [.. Enumerable.Repeat<int?>(null, missing)];
        return new JobPlan(null, create, delete, null);
    }

    /// <summary>restartPolicy Never: more failed pods than backoffLimit; OnFailure: container restarts reaching it.</summary>
    public static bool PastBackoffLimit(JobSpecView spec, int failed, IReadOnlyList<JobPod> active)
    {
        if (failed > spec.BackoffLimit)
            return true;
        if (!spec.RestartOnFailure)
            return false;
        var restarts = active.Sum(p => p.Restarts);
        return spec.BackoffLimit == 0 ? restarts > 0 : restarts >= spec.BackoffLimit;
    }

    /// <summary>How long the failure back-off still holds pod creation: failures since the last success count.</summary>
    public static TimeSpan RemainingBackoff(IReadOnlyList<JobPod> finished, DateTimeOffset now)
    {
        var lastSuccess = finished.Where(p => p.Phase == JobPodPhase.Succeeded).Select(p => p.FinishedAt ?? DateTimeOffset.MinValue)
            .DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var failures = finished.Where(p => p.Phase == JobPodPhase.Failed && (p.FinishedAt ?? DateTimeOffset.MinValue) >= lastSuccess).ToList();
        if (failures.Count == 0)
            return TimeSpan.Zero;
        var lastFailure = failures.Max(p => p.FinishedAt ?? now);
        var remaining = lastFailure + Backoff(failures.Count) - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
