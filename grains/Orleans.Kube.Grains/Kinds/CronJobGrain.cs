using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Batch;
using Orleans.Kube.Store;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// Starts a CronJob's Jobs on schedule as kube's cronjob controller (v2) does: one Job per start time,
/// named by the start time's Unix minute so that no two activations can make two Jobs for one slot;
/// concurrencyPolicy, startingDeadlineSeconds, suspend, history limits and status.active /
/// lastScheduleTime / lastSuccessfulTime. An in-memory timer wakes it at the start time; a reminder due at
/// the same time is the durable backstop that brings it back on another silo when its own dies.
/// </summary>
public sealed class CronJobGrain(IResourceStore store, ILogger<CronJobGrain> logger)
    : ReconcilingGrain(ResourceKinds.CronJob, store, logger), ICronJobGrain
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    private const string NextRunReminder = "cron-next-run";
    private const string Component = "cronjob-controller";
    // Wake a little after the start time, so the schedule's "now" is past it.
    private static readonly TimeSpan WakeMargin = TimeSpan.FromMilliseconds(5);
    private DateTimeOffset? reminderDue;
    private DateTimeOffset? forbiddenReported;

    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected override Task OnReminderAsync(string reminderName)
    {
        if (reminderName == NextRunReminder)
            RequestReconcile();
        return base.OnReminderAsync(reminderName);
    }

    protected override async Task OnRemovedAsync(JsonObject last)
    {
        if (await this.GetReminder(NextRunReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
    }

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject cronJob)
    {
        var now = DateTimeOffset.UtcNow;
        var spec = cronJob["spec"] as JsonObject ?? new JsonObject();
        var status = (cronJob["status"]?.DeepClone() as JsonObject) ?? new JsonObject();
        var jobs = await OwnedJobsAsync(cronJob);
        var active = await TrackActiveAsync(cronJob, status, jobs);
        await PruneHistoryAsync(cronJob, spec, jobs);

        if (CronSchedule.TryParse(spec.GetString("schedule") ?? "", spec.GetString("timeZone"), out var schedule) is { } unparseable)
        {
            await EventRecorder.RecordAsync(GrainFactory, cronJob, "Warning", "UnparseableSchedule", $"unparseable schedule: {unparseable}", Component);
            await WriteStatusAsync(status, active);
            return null;
        }
        var last = status.GetString("lastScheduleTime") is { } l ? DateTimeOffset.Parse(l, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        var created = DateTimeOffset.Parse(cronJob["metadata"].GetString("creationTimestamp")!, CultureInfo.InvariantCulture);
        var plan = CronJobPlan.Decide(schedule, created, last, spec["startingDeadlineSeconds"]?.GetValue<long>(),
            spec.GetString("concurrencyPolicy") ?? "Allow", spec["suspend"]?.GetValue<bool>() == true, active.Count, now);

        if (plan.TooManyMissed)
            await EventRecorder.RecordAsync(GrainFactory, cronJob, "Warning", "TooManyMissedTimes",
                $"too many missed start times: {plan.Missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew", Component);
        switch (plan.Action)
        {
            case CronJobAction.MissedDeadline:
                await EventRecorder.RecordAsync(GrainFactory, cronJob, "Warning", "MissSchedule",
                    $"Missed scheduled time to start a job: {plan.Scheduled!.Value.ToString("ddd, dd MMM yyyy HH:mm:ss zz00", CultureInfo.InvariantCulture)}", Component);
                break;
            case CronJobAction.ForbiddenWhileActive when forbiddenReported != plan.Scheduled:
                forbiddenReported = plan.Scheduled;
                await EventRecorder.RecordAsync(GrainFactory, cronJob, "Normal", "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid", Component);
                break;
            case CronJobAction.Start:
                if (plan.ReplaceActive)
                    foreach (var job in active.ToList())
                    {
                        await DeleteJobAsync(cronJob, job.Name()!);
                        active.Remove(job);
                    }
                if (await StartJobAsync(cronJob, spec, plan.Scheduled!.Value) is { } started)
                {
                    active.Add(started);
                    status["lastScheduleTime"] = ObjectMeta.Timestamp(plan.Scheduled!.Value);
                }
                else
                {
                    await WriteStatusAsync(status, active);
                    return TimeSpan.FromSeconds(1);
                }
                break;
        }
        await WriteStatusAsync(status, active);
        if (plan.Next is not { } next)
            return null;
        await ArmReminderAsync(next, now);
        return next - now + WakeMargin;
    }

    /// <summary>Keeps status.active to the Jobs still running; a finished one is reported and counts for lastSuccessfulTime.</summary>
    private async Task<List<JsonObject>> TrackActiveAsync(JsonObject cronJob, JsonObject status, List<JsonObject> jobs)
    {
        var listed = ((status["active"] as JsonArray)?.OfType<JsonObject>() ?? []).Select(r => r.GetString("uid")).ToHashSet();
        var active = new List<JsonObject>();
        foreach (var job in jobs)
        {
            var outcome = JobGrain.Outcome(job);
            var wasListed = listed.Remove(job.Uid());
            if (outcome is null && job.DeletionTimestamp() is null)
            {
                // A Job this controller made but whose status write was lost (its silo died) is adopted again.
                if (wasListed || job["metadata"]?["annotations"].GetString(ScheduledTimestampAnnotation) is not null)
                    active.Add(job);
                continue;
            }
            if (wasListed && outcome is not null)
                await EventRecorder.RecordAsync(GrainFactory, cronJob, "Normal", "SawCompletedJob", $"Saw completed job: {job.Name()}, status: {outcome}", Component);
            if (outcome == "Complete" && job["status"].GetString("completionTime") is { } completed &&
                (status.GetString("lastSuccessfulTime") is not { } previous || DateTimeOffset.Parse(completed, CultureInfo.InvariantCulture) > DateTimeOffset.Parse(previous, CultureInfo.InvariantCulture)))
                status["lastSuccessfulTime"] = completed;
        }
        foreach (var missing in ((status["active"] as JsonArray)?.OfType<JsonObject>() ?? []).Where(r => listed.Contains(r.GetString("uid"))))
            await EventRecorder.RecordAsync(GrainFactory, cronJob, "Normal", "MissingJob", $"Active job went missing: {missing.GetString("name")}", Component);
        return active;
    }

    /// <summary>successfulJobsHistoryLimit / failedJobsHistoryLimit: the oldest finished Jobs beyond them are deleted.</summary>
    private async Task PruneHistoryAsync(JsonObject cronJob, JsonObject spec, List<JsonObject> jobs)
    {
        foreach (var (outcome, limitField) in new[] { ("Complete", "successfulJobsHistoryLimit"), ("Failed", "failedJobsHistoryLimit") })
        {
            if (spec[limitField]?.GetValue<int>() is not { } limit)
                continue;
            var finished = jobs.Where(j => JobGrain.Outcome(j) == outcome && j.DeletionTimestamp() is null)
                .OrderBy(j => j["status"].GetString("startTime") ?? j["metadata"].GetString("creationTimestamp"), StringComparer.Ordinal)
                .ThenBy(j => j.Name(), StringComparer.Ordinal).ToList();
            foreach (var job in finished.Take(Math.Max(0, finished.Count - limit)))
                await DeleteJobAsync(cronJob, job.Name()!);
        }
    }

    private async Task<JsonObject?> StartJobAsync(JsonObject cronJob, JsonObject spec, DateTimeOffset scheduled)
    {
        var name = CronJobPlan.JobName(ObjectName, scheduled);
        var template = spec["jobTemplate"] as JsonObject ?? new JsonObject();
        var meta = (template["metadata"]?.DeepClone() as JsonObject) ?? new JsonObject();
        meta["name"] = name;
        meta["namespace"] = ObjectNamespace;
        var annotations = meta["annotations"] as JsonObject ?? new JsonObject();
        meta["annotations"] = annotations;
        annotations[ScheduledTimestampAnnotation] = ScheduledInZone(scheduled, spec.GetString("timeZone"));
        meta["ownerReferences"] = new JsonArray(OwnerReferences.ControlledBy(ResourceKinds.CronJob, cronJob));
        var job = new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = meta, ["spec"] = template["spec"]?.DeepClone() };
        var grain = GrainFactory.For(ResourceKinds.Job, ObjectNamespace, name);
        var result = await grain.Create(KubeJson.Write(job), WriteOptions.Default);
        if (result.IsSuccess)
        {
            await EventRecorder.RecordAsync(GrainFactory, cronJob, "Normal", "SuccessfulCreate", $"Created job {name}", Component);
            return KubeJson.ParseObject(result.Body);
        }
        if (result.Code == 409 && await grain.Get() is { IsSuccess: true } existing &&
            KubeJson.ParseObject(existing.Body) is var found && OwnerReferences.IsControlledBy(found, cronJob.Uid()!))
            return found; // made for this slot before a silo loss: the same Job, not a second one
        await EventRecorder.RecordAsync(GrainFactory, cronJob, "Warning", "FailedCreate", $"Error creating job: {result.Body}", Component);
        return null;
    }

    private static string ScheduledInZone(DateTimeOffset scheduled, string? timeZone)
    {
        var zone = timeZone is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(scheduled, zone);
        return local.Offset == TimeSpan.Zero ? ObjectMeta.Timestamp(local) : local.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    private async Task DeleteJobAsync(JsonObject cronJob, string name)
    {
        var result = await GrainFactory.For(ResourceKinds.Job, ObjectNamespace, name).Delete(new DeleteRequest(PropagationPolicies.Background));
        if (result.IsSuccess)
            await EventRecorder.RecordAsync(GrainFactory, cronJob, "Normal", "SuccessfulDelete", $"Deleted job {name}", Component);
    }

    /// <summary>A reminder due at the next start time: if this silo dies, another activates the grain then.</summary>
    private async Task ArmReminderAsync(DateTimeOffset next, DateTimeOffset now)
    {
        if (reminderDue == next)
            return;
        await this.RegisterOrUpdateReminder(NextRunReminder, next - now + WakeMargin, TimeSpan.FromMinutes(1));
        reminderDue = next;
    }

    private async Task WriteStatusAsync(JsonObject status, List<JsonObject> active)
    {
        if (active.Count > 0)
            status["active"] = new JsonArray([.. active.OrderBy(j => j.Name(), StringComparer.Ordinal).Select(j => (JsonNode)new JsonObject
            {
                ["kind"] = "Job",
                ["namespace"] = j.Namespace(),
                ["name"] = j.Name(),
                ["uid"] = j.Uid(),
                ["apiVersion"] = "batch/v1",
            })]);
        else
            status.Remove("active");
        await WriteStatusIfChangedAsync(status);
    }

    private Task<List<JsonObject>> OwnedJobsAsync(JsonObject cronJob) => ControlledAsync(cronJob, ResourceKinds.Job);
}
