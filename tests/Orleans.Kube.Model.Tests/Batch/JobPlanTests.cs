using Orleans.Kube.Model.Batch;

namespace Orleans.Kube.Model.Tests.Batch;

public sealed class JobPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static JobSpecView Spec(int? completions = 1, int parallelism = 1, int backoffLimit = 6, long? deadline = null,
        bool indexed = false, bool suspend = false, bool onFailure = false) =>
        new(completions, parallelism, backoffLimit, deadline, indexed, suspend, onFailure, []);

    private static JobPod Pod(string name, JobPodPhase phase = JobPodPhase.Active, int? index = null, DateTimeOffset? finished = null,
        bool ready = true, int restarts = 0) =>
        new(name, name, phase, ready, index, finished, restarts, [], []);

    private static JobPlan Decide(JobSpecView spec, int succeeded = 0, int failed = 0, IReadOnlySet<int>? completed = null,
        IReadOnlyList<JobPod>? active = null, IReadOnlyList<JobPod>? finished = null, PodFailureMatch? failJob = null, DateTimeOffset? start = null) =>
        JobPlan.Decide(spec, succeeded, failed, completed ?? new HashSet<int>(), active ?? [], finished ?? [], failJob, start ?? Now, Now);

    [Fact]
    public void Parallelism_caps_the_pods_created()
    {
        var plan = Decide(Spec(completions: 5, parallelism: 2));
        Assert.Equal(2, plan.Create.Count);
    }

    [Fact]
    public void Only_the_remaining_completions_are_started()
    {
        var plan = Decide(Spec(completions: 5, parallelism: 2), succeeded: 4);
        Assert.Single(plan.Create);
    }

    [Fact]
    public void Enough_successes_complete_the_job() =>
        Assert.Equal(JobFinish.Completed, Decide(Spec(completions: 5, parallelism: 2), succeeded: 5).Finish);

    [Fact]
    public void A_work_queue_job_completes_once_one_pod_succeeded_and_none_is_active()
    {
        Assert.Null(Decide(Spec(completions: null, parallelism: 3), succeeded: 1, active: [Pod("a")]).Finish);
        Assert.Empty(Decide(Spec(completions: null, parallelism: 3), succeeded: 1, active: [Pod("a")]).Create);
        Assert.Equal(JobFinish.Completed, Decide(Spec(completions: null, parallelism: 3), succeeded: 1).Finish);
    }

    [Fact]
    public void Surplus_pods_are_deleted_not_ready_first()
    {
        var plan = Decide(Spec(completions: 5, parallelism: 1), active: [Pod("a"), Pod("b", ready: false)]);
        Assert.Equal(["b"], plan.Delete);
    }

    [Fact]
    public void Failures_beyond_the_backoff_limit_fail_the_job_and_stop_its_pods()
    {
        var plan = Decide(Spec(backoffLimit: 2), failed: 3, active: [Pod("a")]);
        Assert.Equal(JobFinish.BackoffLimitExceeded, plan.Finish);
        Assert.Equal(["a"], plan.Delete);
        Assert.Null(Decide(Spec(backoffLimit: 2), failed: 2).Finish);
    }

    [Fact]
    public void On_failure_restarts_count_against_the_backoff_limit()
    {
        Assert.Equal(JobFinish.BackoffLimitExceeded, Decide(Spec(backoffLimit: 2, onFailure: true), active: [Pod("a", restarts: 2)]).Finish);
        Assert.Null(Decide(Spec(backoffLimit: 2, onFailure: true), active: [Pod("a", restarts: 1)]).Finish);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(6, 320)]
    [InlineData(7, 360)]
    [InlineData(30, 360)]
    public void The_failure_backoff_doubles_from_ten_seconds_up_to_six_minutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), JobPlan.Backoff(failures));

    [Fact]
    public void A_recent_failure_holds_back_the_replacement_pod()
    {
        var failedAt = Now.AddSeconds(-4);
        var plan = Decide(Spec(), failed: 1, finished: [Pod("a", JobPodPhase.Failed, finished: failedAt)]);
        Assert.Empty(plan.Create);
        Assert.Equal(TimeSpan.FromSeconds(6), plan.RetryAfter);
        var later = Decide(Spec(), failed: 1, finished: [Pod("a", JobPodPhase.Failed, finished: Now.AddSeconds(-11))]);
        Assert.Single(later.Create);
    }

    [Fact]
    public void Failures_before_the_last_success_do_not_delay()
    {
        var plan = Decide(Spec(completions: 3), succeeded: 1, failed: 1, finished:
            [Pod("a", JobPodPhase.Failed, finished: Now.AddSeconds(-5)), Pod("b", JobPodPhase.Succeeded, finished: Now.AddSeconds(-2))]);
        Assert.Single(plan.Create);
    }

    [Fact]
    public void An_exceeded_active_deadline_fails_the_job()
    {
        var plan = Decide(Spec(deadline: 30), active: [Pod("a")], start: Now.AddSeconds(-31));
        Assert.Equal(JobFinish.DeadlineExceeded, plan.Finish);
        Assert.Equal(["a"], plan.Delete);
    }

    [Fact]
    public void A_fail_job_rule_match_fails_the_job_with_its_message()
    {
        var plan = Decide(Spec(), failJob: new PodFailureMatch("FailJob", "why"));
        Assert.Equal(JobFinish.PodFailurePolicy("why"), plan.Finish);
    }

    [Fact]
    public void A_suspended_job_stops_its_pods_and_starts_none()
    {
        var plan = Decide(Spec(completions: 3, parallelism: 3, suspend: true), active: [Pod("a")]);
        Assert.Null(plan.Finish);
        Assert.Empty(plan.Create);
        Assert.Equal(["a"], plan.Delete);
    }

    [Fact]
    public void An_indexed_job_starts_the_lowest_free_indexes()
    {
        var plan = Decide(Spec(completions: 5, parallelism: 3, indexed: true), completed: new HashSet<int> { 0 }, active: [Pod("x", index: 1)]);
        Assert.Equal([2, 3], plan.Create);
    }

    [Fact]
    public void An_indexed_job_deletes_duplicate_index_pods_and_completes_on_all_indexes()
    {
        var plan = Decide(Spec(completions: 3, parallelism: 3, indexed: true), active: [Pod("x", index: 1), Pod("y", index: 1)]);
        Assert.Equal(["y"], plan.Delete);
        Assert.Equal([0, 2], plan.Create);
        Assert.Equal(JobFinish.Completed, Decide(Spec(completions: 3, indexed: true), completed: new HashSet<int> { 0, 1, 2 }).Finish);
    }
}
