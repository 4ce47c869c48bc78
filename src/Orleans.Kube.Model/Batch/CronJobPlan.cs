namespace Orleans.Kube.Model.Batch;

/// <summary>What the CronJob controller does on one pass.</summary>
public enum CronJobAction
{
    /// <summary>No start time has come since the last one: wait for <see cref="CronJobPlan.Next"/>.</summary>
    Wait,
    /// <summary>The most recent start time is older than startingDeadlineSeconds (kube's MissSchedule).</summary>
    MissedDeadline,
    /// <summary>The most recent start time already has its Job.</summary>
    AlreadyStarted,
    /// <summary>concurrencyPolicy Forbid and a Job is still active (kube's JobAlreadyActive).</summary>
    ForbiddenWhileActive,
    /// <summary>Create the Job for <see cref="CronJobPlan.Scheduled"/> (after deleting the active ones when Replace).</summary>
    Start,
}

/// <param name="Scheduled">The start time acted on (the most recent one not later than now).</param>
/// <param name="Missed">How many start times were missed since the last one (kube warns above 100).</param>
/// <param name="Next">The next start time after now: when to look again.</param>
/// <param name="ReplaceActive">concurrencyPolicy Replace: active Jobs are deleted before the new one starts.</param>
public sealed record CronJobPlan(CronJobAction Action, DateTimeOffset? Scheduled, int Missed, DateTimeOffset? Next, bool ReplaceActive)
{
    /// <summary>kube's threshold for the TooManyMissedTimes warning.</summary>
    public const int MaxMissedStartTimes = 100;

    public bool TooManyMissed => Missed > MaxMissedStartTimes;

    /// <summary>
    /// kube's syncCronJob decision: find the most recent start time since the last one (or creation),
    /// bounded by startingDeadlineSeconds; skip it when too late, already started, or forbidden.
    /// </summary>
    public static CronJobPlan Decide(CronSchedule schedule, DateTimeOffset created, DateTimeOffset? lastScheduled,
        long? startingDeadlineSeconds, string concurrencyPolicy, bool suspended, int activeJobs, DateTimeOffset now)
    {
        var next = schedule.Next(now);
        if (suspended)
            return new CronJobPlan(CronJobAction.Wait, null, 0, next, false);
        var earliest = lastScheduled ?? created;
        if (startingDeadlineSeconds is { } deadline && now.AddSeconds(-deadline) > earliest)
            earliest = now.AddSeconds(-deadline);
        var (recent, missed) = MostRecent(schedule, earliest, now);
        if (recent is not { } scheduled)
            return new CronJobPlan(CronJobAction.Wait, null, 0, next, false);
        if (startingDeadlineSeconds is { } limit && scheduled.AddSeconds(limit) < now)
            return new CronJobPlan(CronJobAction.MissedDeadline, scheduled, missed, next, false);
        if (lastScheduled == scheduled)
            return new CronJobPlan(CronJobAction.AlreadyStarted, scheduled, missed, next, false);
        if (concurrencyPolicy == "Forbid" && activeJobs > 0)
            return new CronJobPlan(CronJobAction.ForbiddenWhileActive, scheduled, missed, next, false);
        return new CronJobPlan(CronJobAction.Start, scheduled, missed, next, concurrencyPolicy == "Replace" && activeJobs > 0);
    }

    /// <summary>
    /// The latest start time in (earliest, now] and how many there were. Counting stops a little past
    /// kube's threshold; past it the latest is found by searching back from now.
    /// </summary>
    public static (DateTimeOffset? Recent, int Count) MostRecent(CronSchedule schedule, DateTimeOffset earliest, DateTimeOffset now)
    {
        DateTimeOffset? recent = null;
        var count = 0;
        for (var t = schedule.Next(earliest); t is { } at && at <= now; t = schedule.Next(at))
        {
            recent = at;
            if (++count > MaxMissedStartTimes)
                return (LatestBefore(schedule, at, now), count);
        }
        return (recent, count);
    }

    private static DateTimeOffset LatestBefore(CronSchedule schedule, DateTimeOffset known, DateTimeOffset now)
    {
        // Step back from now, doubling, until a start time lies in the window; then walk forward to the last one.
        var back = TimeSpan.FromMinutes(1);
        var from = now - back;
        while (from > known && schedule.Next(from) is { } first && first > now)
        {
            back *= 2;
            from = now - back;
        }
        if (from < known)
            from = known;
        var latest = known;
        for (var t = schedule.Next(from); t is { } at && at <= now; t = schedule.Next(at))
            latest = at;
        return latest;
    }

    /// <summary>kube's deterministic Job name: the CronJob's name and the start time in Unix minutes.</summary>
    public static string JobName(string cronJobName, DateTimeOffset scheduled) =>
        $"{cronJobName}-{scheduled.ToUnixTimeSeconds() / 60}";
}
