using Orleans.Kube.Model.Batch;

namespace Orleans.Kube.Model.Tests.Batch;

public sealed class CronJobPlanTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 12, 0, 30, TimeSpan.Zero);
    private static readonly CronSchedule EveryMinute = Schedule("*/1 * * * *");

    private static CronSchedule Schedule(string spec)
    {
        Assert.Null(CronSchedule.TryParse(spec, null, out var schedule));
        return schedule;
    }

    private static CronJobPlan Decide(DateTimeOffset now, DateTimeOffset? last = null, long? deadline = null,
        string policy = "Allow", bool suspended = false, int active = 0, CronSchedule? schedule = null) =>
        CronJobPlan.Decide(schedule ?? EveryMinute, Created, last, deadline, policy, suspended, active, now);

    [Fact]
    public void Before_the_first_start_time_it_waits_for_it()
    {
        var plan = Decide(Created.AddSeconds(10));
        Assert.Equal(CronJobAction.Wait, plan.Action);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 1, 0, TimeSpan.Zero), plan.Next);
    }

    [Fact]
    public void At_the_start_time_it_starts_a_job_named_by_the_unix_minute()
    {
        var minute = new DateTimeOffset(2026, 3, 2, 12, 1, 0, TimeSpan.Zero);
        var plan = Decide(minute.AddMilliseconds(5));
        Assert.Equal(CronJobAction.Start, plan.Action);
        Assert.Equal(minute, plan.Scheduled);
        Assert.Equal($"tick-{minute.ToUnixTimeSeconds() / 60}", CronJobPlan.JobName("tick", plan.Scheduled!.Value));
        Assert.Equal(minute.AddMinutes(1), plan.Next);
    }

    [Fact]
    public void A_start_time_already_recorded_is_not_started_twice()
    {
        var minute = new DateTimeOffset(2026, 3, 2, 12, 1, 0, TimeSpan.Zero);
        Assert.Equal(CronJobAction.Wait, Decide(minute.AddSeconds(20), last: minute).Action);
    }

    [Fact]
    public void After_missed_start_times_only_the_most_recent_runs()
    {
        var plan = Decide(Created.AddMinutes(5), last: null);
        Assert.Equal(CronJobAction.Start, plan.Action);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 12, 5, 0, TimeSpan.Zero), plan.Scheduled);
        Assert.Equal(5, plan.Missed);
        Assert.False(plan.TooManyMissed);
    }

    [Fact]
    public void More_than_a_hundred_missed_start_times_are_flagged_and_the_latest_still_found()
    {
        var now = Created.AddHours(5).AddSeconds(7);
        var plan = Decide(now);
        Assert.True(plan.TooManyMissed);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero), plan.Scheduled);
        Assert.Equal(CronJobAction.Start, plan.Action);
    }

    [Fact]
    public void A_starting_deadline_bounds_the_missed_window_so_it_is_not_too_many()
    {
        var plan = Decide(Created.AddHours(5).AddSeconds(7), deadline: 200);
        Assert.False(plan.TooManyMissed);
        Assert.Equal(CronJobAction.Start, plan.Action);
    }

    [Fact]
    public void A_start_time_older_than_the_starting_deadline_is_not_started()
    {
        var hourly = Schedule("0 * * * *");
        var plan = Decide(new DateTimeOffset(2026, 3, 2, 13, 0, 50, TimeSpan.Zero), deadline: 30, schedule: hourly,
            last: new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero));
        Assert.NotEqual(CronJobAction.Start, plan.Action);
        Assert.Null(plan.Scheduled);
    }

    [Fact]
    public void Forbid_does_not_start_while_a_job_is_active() =>
        Assert.Equal(CronJobAction.ForbiddenWhileActive, Decide(Created.AddMinutes(1), policy: "Forbid", active: 1).Action);

    [Fact]
    public void Replace_starts_and_replaces_the_active_job()
    {
        var plan = Decide(Created.AddMinutes(1), policy: "Replace", active: 1);
        Assert.Equal(CronJobAction.Start, plan.Action);
        Assert.True(plan.ReplaceActive);
    }

    [Fact]
    public void A_suspended_cron_job_starts_nothing() =>
        Assert.Equal(CronJobAction.Wait, Decide(Created.AddMinutes(3), suspended: true).Action);
}
