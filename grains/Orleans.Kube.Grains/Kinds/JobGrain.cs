using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Batch;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// Runs a Job's pods to completion as kube's job controller does: parallelism and completions
/// (Indexed or not), backoffLimit with the exponential failure back-off, activeDeadlineSeconds,
/// podFailurePolicy, suspend and ttlSecondsAfterFinished. Finished pods are counted exactly once,
/// even across a silo kill, through the job-tracking finalizer: a finished pod is first recorded in
/// status.uncountedTerminatedPods, then loses its finalizer, then moves into the counts.
/// </summary>
public sealed class JobGrain(IResourceStore store, ILogger<JobGrain> logger)
    : ReconcilingGrain(ResourceKinds.Job, store, logger), IJobGrain
{
    private const string Component = "job-controller";
    private const string DefaultManager = "kubernetes.io/job-controller";

    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected override void OnCreating(JsonObject obj) => JobPods.GenerateSelector(obj);

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject job)
    {
        // A Job another controller manages (spec.managedBy, as kube's) is left alone.
        if (job["spec"].GetString("managedBy") is { } manager && manager != DefaultManager)
            return null;
        var now = DateTimeOffset.UtcNow;
        var pods = await OwnedPodsAsync(job);
        if (FinishedAt(job) is { } finishedAt)
            return await AfterFinishAsync(job, pods, finishedAt, now);

        var spec = JobPods.Spec(job);
        var failJob = await CountFinishedPodsAsync(job, pods, spec);
        job = Current!;
        // The plan reads the same pod list the count did: a pod that finished since would look
        // finished but uncounted, and its index would get a second pod.
        var status = (job["status"]?.DeepClone() as JsonObject) ?? new JsonObject();
        if (Ending(status) is { } ending)
            return await TerminateAsync(job, status, pods, ending, now);
        // podReplacementPolicy Failed: a terminating pod still holds its place until it has failed.
        var replaceTerminating = job["spec"].GetString("podReplacementPolicy") != "Failed";
        var active = pods.Where(p => !PodGrain.IsTerminal(p) && (p.DeletionTimestamp() is null || !replaceTerminating)).Select(JobPods.View).ToList();
        var finished = pods.Where(PodGrain.IsTerminal).Select(JobPods.View)
            .Where(p => p.Phase == JobPodPhase.Succeeded || PodFailurePolicy.Match(spec.FailureRules, p, ObjectNamespace)?.Action != "Ignore").ToList();
        var completed = CompletedIndexes.Parse(status.GetString("completedIndexes"));

        await TrackSuspensionAsync(job, status, spec.Suspend, now);
        if (status["startTime"] is null && !spec.Suspend)
            status["startTime"] = ObjectMeta.Timestamp(now);
        var startTime = status.GetString("startTime") is { } started ? DateTimeOffset.Parse(started) : (DateTimeOffset?)null;

        var plan = JobPlan.Decide(spec, Int(status, "succeeded"), Int(status, "failed"), completed, active, finished, failJob, startTime, now);
        var deleting = pods.Where(p => p.DeletionTimestamp() is not null).Select(p => p.Name()).ToHashSet();
        foreach (var name in plan.Delete.Where(n => !deleting.Contains(n)))
            await DeletePodAsync(job, name);
        foreach (var index in plan.Create)
            await CreatePodAsync(job, index);
        if (plan.Finish is { } finish)
            MarkEnding(status, finish, now);

        await WritePodCountsAsync(job, status);

        if (plan.Finish is not null)
            return TimeSpan.Zero;
        if (plan.RetryAfter is { } wait)
            return wait;
        if (spec.ActiveDeadlineSeconds is { } deadline && startTime is { } start)
            return Min(start.AddSeconds(deadline) - now, TimeSpan.FromSeconds(5));
        return plan.Create.Count > 0 || plan.Delete.Count > 0 ? TimeSpan.FromSeconds(1) : null;
    }

    /// <summary>
    /// The job-tracking protocol: newly finished pods are recorded as uncounted (one write), their
    /// finalizers removed, then everything uncounted whose pod has no finalizer left is counted (one
    /// write). Returns the first podFailurePolicy FailJob match among the newly failed pods.
    /// </summary>
    private async Task<PodFailureMatch?> CountFinishedPodsAsync(JsonObject job, List<JsonObject> pods, JobSpecView spec)
    {
        var status = (job["status"]?.DeepClone() as JsonObject) ?? new JsonObject();
        var uncounted = status["uncountedTerminatedPods"] as JsonObject ?? new JsonObject();
        var succeeded = Uids(uncounted, "succeeded");
        var failed = Uids(uncounted, "failed");
        var completed = CompletedIndexes.Parse(status.GetString("completedIndexes"));
        // Any failed pod matching a FailJob rule ends the Job, whether or not it is counted yet.
        var failJob = pods.Where(p => p["status"].GetString("phase") == "Failed")
            .Select(p => PodFailurePolicy.Match(spec.FailureRules, JobPods.View(p), ObjectNamespace))
            .FirstOrDefault(m => m?.Action == "FailJob");
        var release = new List<JsonObject>();

        foreach (var pod in pods.Where(p => p.Finalizers().Contains(JobPods.TrackingFinalizer)))
        {
            var view = JobPods.View(pod);
            var uid = pod.Uid()!;
            var deleted = pod.DeletionTimestamp() is not null;
            if (view.Phase == JobPodPhase.Succeeded)
            {
                succeeded.Add(uid);
                if (spec.Indexed && view.Index is { } index && index < spec.Completions)
                    completed.Add(index);
            }
            else if (view.Phase == JobPodPhase.Failed || deleted)
            {
                if (PodFailurePolicy.Match(spec.FailureRules, view, ObjectNamespace)?.Action != "Ignore")
                    failed.Add(uid);
            }
            else
                continue;
            release.Add(pod);
        }

        if (release.Count > 0)
        {
            uncounted["succeeded"] = Array(succeeded);
            uncounted["failed"] = Array(failed);
            status["uncountedTerminatedPods"] = uncounted;
            if (spec.Indexed)
                status["completedIndexes"] = CompletedIndexes.Format(completed);
            await WriteStatusAsync(status);
            foreach (var pod in release)
                await RemoveFinalizerAsync(pod);
            pods = await OwnedPodsAsync(Current!);
        }

        // Count what is recorded and no longer held by a finalizer (or gone).
        var held = pods.Where(p => p.Finalizers().Contains(JobPods.TrackingFinalizer)).Select(p => p.Uid()!).ToHashSet();
        var countedSucceeded = succeeded.Where(u => !held.Contains(u)).ToList();
        var countedFailed = failed.Where(u => !held.Contains(u)).ToList();
        if (countedSucceeded.Count + countedFailed.Count == 0)
            return failJob;
        status = (Current!["status"]?.DeepClone() as JsonObject) ?? new JsonObject();
        succeeded.ExceptWith(countedSucceeded);
        failed.ExceptWith(countedFailed);
        status["succeeded"] = spec.Indexed ? CompletedIndexes.Parse(status.GetString("completedIndexes")).Count : Int(status, "succeeded") + countedSucceeded.Count;
        status["failed"] = Int(status, "failed") + countedFailed.Count;
        status["uncountedTerminatedPods"] = new JsonObject { ["succeeded"] = Array(succeeded), ["failed"] = Array(failed) };
        await WriteStatusAsync(status);
        return failJob;
    }

    private async Task TrackSuspensionAsync(JsonObject job, JsonObject status, bool suspend, DateTimeOffset now)
    {
        var suspended = StatusConditions.Find(status, "Suspended")?.GetString("status") == "True";
        if (suspend && !suspended)
        {
            StatusConditions.Set(status, "Suspended", "True", "JobSuspended", "Job suspended", now, withProbeTime: true);
            await EventRecorder.RecordAsync(GrainFactory, job, "Normal", "Suspended", "Job suspended", Component);
        }
        else if (!suspend && suspended)
        {
            StatusConditions.Set(status, "Suspended", "False", "JobResumed", "Job resumed", now, withProbeTime: true);
            // Resuming restarts the activeDeadlineSeconds clock.
            status["startTime"] = ObjectMeta.Timestamp(now);
            await EventRecorder.RecordAsync(GrainFactory, job, "Normal", "Resumed", "Job resumed", Component);
        }
    }

    /// <summary>
    /// The outcome is decided: kube 1.32 first writes SuccessCriteriaMet or FailureTarget, and the
    /// terminal Complete or Failed only once no pod of the Job is still running or terminating.
    /// </summary>
    private static void MarkEnding(JsonObject status, JobFinish finish, DateTimeOffset now) =>
        StatusConditions.Set(status, finish.Succeeded ? "SuccessCriteriaMet" : "FailureTarget", "True", finish.Reason, finish.Message, now, withProbeTime: true);

    /// <summary>The decided but not yet terminal outcome, if any.</summary>
    private static JobFinish? Ending(JsonObject status) =>
        StatusConditions.Find(status, "SuccessCriteriaMet") is { } met && met.GetString("status") == "True"
            ? new JobFinish(true, met.GetString("reason") ?? "", met.GetString("message") ?? "")
            : StatusConditions.Find(status, "FailureTarget") is { } target && target.GetString("status") == "True"
                ? new JobFinish(false, target.GetString("reason") ?? "", target.GetString("message") ?? "")
                : null;

    /// <summary>Stops what still runs, then writes the terminal condition once every pod has stopped.</summary>
    private async Task<TimeSpan?> TerminateAsync(JsonObject job, JsonObject status, List<JsonObject> pods, JobFinish ending, DateTimeOffset now)
    {
        foreach (var pod in pods.Where(p => !PodGrain.IsTerminal(p) && p.DeletionTimestamp() is null))
            await DeletePodAsync(job, pod.Name()!);
        if (pods.Any(p => !PodGrain.IsTerminal(p)))
        {
            await WritePodCountsAsync(job, status);
            return TimeSpan.FromSeconds(1);
        }
        if (ending.Succeeded)
        {
            StatusConditions.Set(status, "Complete", "True", ending.Reason, ending.Message, now, withProbeTime: true);
            status["completionTime"] = ObjectMeta.Timestamp(now);
            await EventRecorder.RecordAsync(GrainFactory, job, "Normal", "Completed", "Job completed", Component);
        }
        else
        {
            StatusConditions.Set(status, "Failed", "True", ending.Reason, ending.Message, now, withProbeTime: true);
            await EventRecorder.RecordAsync(GrainFactory, job, "Warning", ending.Reason, ending.Message, Component);
        }
        await WritePodCountsAsync(job, status);
        return null;
    }

    /// <summary>Writes the status with active, ready and terminating counted from a fresh pod list.</summary>
    private async Task WritePodCountsAsync(JsonObject job, JsonObject status)
    {
        var pods = await OwnedPodsAsync(job);
        var stillActive = pods.Where(p => !PodGrain.IsTerminal(p) && p.DeletionTimestamp() is null).ToList();
        status["active"] = stillActive.Count;
        status["ready"] = stillActive.Count(PodDeletionOrder.IsReady);
        status["terminating"] = pods.Count(p => !PodGrain.IsTerminal(p) && p.DeletionTimestamp() is not null);
        await WriteStatusAsync(status);
    }

    /// <summary>A finished Job keeps no finalizer on its pods, and goes when its ttlSecondsAfterFinished has passed.</summary>
    private async Task<TimeSpan?> AfterFinishAsync(JsonObject job, List<JsonObject> pods, DateTimeOffset finishedAt, DateTimeOffset now)
    {
        foreach (var pod in pods.Where(p => !PodGrain.IsTerminal(p) && p.DeletionTimestamp() is null))
            await DeletePodAsync(job, pod.Name()!);
        foreach (var pod in pods.Where(p => p.Finalizers().Contains(JobPods.TrackingFinalizer)))
            await RemoveFinalizerAsync(pod);
        if (job["spec"]?["ttlSecondsAfterFinished"]?.GetValue<long>() is not { } ttl)
            return null;
        var expires = finishedAt.AddSeconds(ttl);
        if (now < expires)
            return expires - now;
        await ((IResourceGrain)this).Delete(new DeleteRequest(PropagationPolicies.Foreground));
        return null;
    }

    /// <summary>When the Job reached Complete or Failed, or null while it runs.</summary>
    public static DateTimeOffset? FinishedAt(JsonObject job)
    {
        var conditions = (job["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>() ?? [];
        var done = conditions.FirstOrDefault(c => c.GetString("type") is "Complete" or "Failed" && c.GetString("status") == "True");
        return done?.GetString("lastTransitionTime") is { } at ? DateTimeOffset.Parse(at) : null;
    }

    /// <summary>"Complete" or "Failed" once the Job has ended, else null.</summary>
    public static string? Outcome(JsonObject job) =>
        ((job["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .FirstOrDefault(c => c.GetString("type") is "Complete" or "Failed" && c.GetString("status") == "True")?.GetString("type");

    private async Task CreatePodAsync(JsonObject job, int? index)
    {
        var pod = JobPods.NewPod(job, index);
        var (name, result) = await GrainFactory.CreateWithGeneratedNameAsync(ResourceKinds.Pod, ObjectNamespace, JobPods.GenerateName(ObjectName, index), pod, WriteOptions.Default);
        if (result.IsSuccess)
            await EventRecorder.RecordAsync(GrainFactory, job, "Normal", "SuccessfulCreate", $"Created pod: {name}", Component);
        else
            await EventRecorder.RecordAsync(GrainFactory, job, "Warning", "FailedCreate", $"Error creating: {result.Body}", Component);
    }

    private async Task DeletePodAsync(JsonObject job, string name)
    {
        var result = await GrainFactory.For(ResourceKinds.Pod, ObjectNamespace, name).Delete(DeleteRequest.Default);
        if (result.IsSuccess)
            await EventRecorder.RecordAsync(GrainFactory, job, "Normal", "SuccessfulDelete", $"Deleted pod: {name}", Component);
    }

    private async Task RemoveFinalizerAsync(JsonObject pod)
    {
        var remaining = pod.Finalizers().Where(f => f != JobPods.TrackingFinalizer).ToList();
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = remaining.Count == 0 ? null : new JsonArray([.. remaining.Select(f => (JsonNode?)JsonValue.Create(f))]),
                ["resourceVersion"] = pod.ResourceVersion(),
            },
        };
        await GrainFactory.For(ResourceKinds.Pod, ObjectNamespace, pod.Name()!)
            .Patch(new PatchRequest(PatchTypes.Merge, KubeJson.Write(patch)), WriteOptions.Default);
    }

    private Task WriteStatusAsync(JsonObject status)
    {
        status.TryAdd("uncountedTerminatedPods", new JsonObject());
        // kube omits these counts when zero (omitempty); ready and terminating are pointers and stay.
        foreach (var count in new[] { "active", "succeeded", "failed" })
            if (status[count]?.GetValue<int>() == 0)
                status.Remove(count);
        return WriteStatusIfChangedAsync(status);
    }

    private Task<List<JsonObject>> OwnedPodsAsync(JsonObject job) => ControlledAsync(job, ResourceKinds.Pod);


    private static HashSet<string> Uids(JsonObject uncounted, string list) =>
        ((uncounted[list] as JsonArray)?.Select(u => u?.GetValue<string>()).OfType<string>() ?? []).ToHashSet(StringComparer.Ordinal);

    private static JsonArray Array(IEnumerable<string> uids) => new([.. uids.Order(StringComparer.Ordinal).Select(u => (JsonNode?)JsonValue.Create(u))]);

    private static int Int(JsonObject status, string field) => status[field]?.GetValue<int>() ?? 0;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? (a < TimeSpan.Zero ? TimeSpan.Zero : a) : b;
}
