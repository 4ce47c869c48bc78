using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Batch;

namespace Orleans.Kube.Grains;

/// <summary>Reading a Job's pods and writing new ones as kube's job controller does.</summary>
public static class JobPods
{
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";
    public const string CompletionIndexKey = "batch.kubernetes.io/job-completion-index";
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";

    /// <summary>kube's generateSelector: the template carries the Job's uid and name, and the selector matches the uid.</summary>
    public static void GenerateSelector(JsonObject job)
    {
        var spec = job["spec"] as JsonObject;
        if (spec is null || spec["manualSelector"]?.GetValue<bool>() == true)
            return;
        var template = spec["template"] as JsonObject ?? new JsonObject();
        spec["template"] = template;
        var meta = template["metadata"] as JsonObject ?? new JsonObject();
        template["metadata"] = meta;
        var labels = meta["labels"] as JsonObject ?? new JsonObject();
        meta["labels"] = labels;
        labels[ControllerUidLabel] = job.Uid();
        labels[JobNameLabel] = job.Name();
        labels["controller-uid"] = job.Uid();
        labels["job-name"] = job.Name();
        spec["selector"] ??= new JsonObject { ["matchLabels"] = new JsonObject { [ControllerUidLabel] = job.Uid() } };
    }

    /// <summary>A pod of <paramref name="job"/> from its template, with the tracking finalizer and, when Indexed, its completion index.</summary>
    public static JsonObject NewPod(JsonObject job, int? index)
    {
        var template = job["spec"]?["template"] as JsonObject ?? new JsonObject();
        var meta = (template["metadata"]?.DeepClone() as JsonObject) ?? new JsonObject();
        meta.Remove("name");
        meta["namespace"] = job.Namespace();
        meta["generateName"] = GenerateName(job.Name()!, index);
        meta["finalizers"] = new JsonArray(TrackingFinalizer);
        meta["ownerReferences"] = new JsonArray(OwnerReferences.ControlledBy(ResourceKinds.Job, job));
        var spec = (template["spec"]?.DeepClone() as JsonObject) ?? new JsonObject();
        if (index is { } i)
        {
            var annotations = meta["annotations"] as JsonObject ?? new JsonObject();
            meta["annotations"] = annotations;
            annotations[CompletionIndexKey] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var labels = meta["labels"] as JsonObject ?? new JsonObject();
            meta["labels"] = labels;
            labels[CompletionIndexKey] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            spec.TryAdd("hostname", $"{job.Name()}-{i}");
            foreach (var list in new[] { "initContainers", "containers" })
                foreach (var container in (spec[list] as JsonArray)?.OfType<JsonObject>() ?? [])
                {
                    var env = container["env"] as JsonArray ?? new JsonArray();
                    container["env"] = env;
                    env.Add(new JsonObject
                    {
                        ["name"] = "JOB_COMPLETION_INDEX",
                        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = $"metadata.annotations['{CompletionIndexKey}']" } },
                    });
                }
        }
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = meta, ["spec"] = spec };
    }

    public static string GenerateName(string jobName, int? index) => index is { } i ? $"{jobName}-{i}-" : $"{jobName}-";

    /// <summary>The pod as the decision logic sees it.</summary>
    public static JobPod View(JsonObject pod)
    {
        var phase = pod["status"].GetString("phase") switch
        {
            "Succeeded" => JobPodPhase.Succeeded,
            "Failed" => JobPodPhase.Failed,
            _ => JobPodPhase.Active,
        };
        var statuses = ContainerStatuses(pod).ToList();
        // When the containers' end is unknown (a pod failed with its node), the last condition change stands for it.
        var finished = statuses.Select(s => s["state"]?["terminated"]?.GetString("finishedAt"))
            .DefaultIfEmpty(null).Concat(statuses.Any(s => s["state"]?["terminated"] is not null) ? [] :
                ((pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>() ?? []).Select(c => c.GetString("lastTransitionTime")))
            .Append(pod["metadata"].GetString("creationTimestamp"))
            .OfType<string>().Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).Max();
        var exits = statuses.Where(s => s["state"]?["terminated"] is JsonObject)
            .Select(s => new ContainerExit(s.GetString("name") ?? "", s["state"]!["terminated"]!["exitCode"]?.GetValue<int>() ?? 0)).ToList();
        var conditions = (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Select(c => new PodConditionState(c.GetString("type") ?? "", c.GetString("status") ?? "")).ToList() ?? [];
        return new JobPod(pod.Name()!, pod.Uid()!, phase, PodDeletionOrder.IsReady(pod), Index(pod),
            phase == JobPodPhase.Active ? null : finished,
            statuses.Sum(s => s["restartCount"]?.GetValue<int>() ?? 0), exits, conditions);
    }

    public static int? Index(JsonObject pod) =>
        int.TryParse(pod["metadata"]?["annotations"].GetString(CompletionIndexKey), out var i) ? i : null;

    private static IEnumerable<JsonObject> ContainerStatuses(JsonObject pod) =>
        new[] { "initContainerStatuses", "containerStatuses" }
            .SelectMany(list => (pod["status"]?[list] as JsonArray)?.OfType<JsonObject>() ?? []);

    /// <summary>The Job's podFailurePolicy rules.</summary>
    public static List<PodFailureRule> FailureRules(JsonObject job) =>
        (job["spec"]?["podFailurePolicy"]?["rules"] as JsonArray)?.OfType<JsonObject>().Select(rule => new PodFailureRule(
            rule.GetString("action") ?? "Count",
            rule["onExitCodes"].GetString("containerName"),
            rule["onExitCodes"].GetString("operator"),
            ((rule["onExitCodes"]?["values"] as JsonArray)?.Select(v => v!.GetValue<int>()) ?? []).ToHashSet(),
            (rule["onPodConditions"] as JsonArray)?.OfType<JsonObject>()
                .Select(c => new PodConditionState(c.GetString("type") ?? "", c.GetString("status") ?? "True")).ToList() ?? [])).ToList() ?? [];

    public static JobSpecView Spec(JsonObject job)
    {
        var spec = job["spec"] as JsonObject ?? new JsonObject();
        return new JobSpecView(
            spec["completions"]?.GetValue<int>(),
            spec["parallelism"]?.GetValue<int>() ?? 1,
            spec["backoffLimit"]?.GetValue<int>() ?? 6,
            spec["activeDeadlineSeconds"]?.GetValue<long>(),
            spec.GetString("completionMode") == "Indexed",
            spec["suspend"]?.GetValue<bool>() == true,
            spec["template"]?["spec"].GetString("restartPolicy") == "OnFailure",
            FailureRules(job));
    }
}
