using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Autoscaling;
using Orleans.Kube.Model.Selectors;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// kube's horizontal pod autoscaler (autoscaling/v2): every sync period it reads the scale target's
/// replicas and selector, measures its pods through the node agents' usage samples (what metrics.k8s.io
/// serves), proposes a replica count per Resource metric with kube's calculator, takes the highest,
/// applies the behavior (stabilization windows, rate policies) and min/max, and rescales the target.
/// Pods, Object and External metrics need a custom metrics API, which this cluster does not serve: they
/// are reported as kube reports them on a cluster without an adapter (ScalingActive False).
/// </summary>
public sealed class HorizontalPodAutoscalerGrain(IResourceStore store, ILogger<HorizontalPodAutoscalerGrain> logger)
    : ReconcilingGrain(ResourceKinds.HorizontalPodAutoscaler, store, logger), IHorizontalPodAutoscalerGrain
{
    private const string Component = "horizontal-pod-autoscaler";
    private readonly List<Recommendation> recommendations = [];
    private readonly List<ScaleEvent> events = [];
    private string? lastWarning;

    private long? reconciledGeneration;

    /// <summary>Only a spec change asks for a pass at once: its own status writes wait for the sync period.</summary>
    protected override Task OnWrittenAsync(JsonObject obj) =>
        obj["metadata"]?["generation"]?.GetValue<long>() == reconciledGeneration ? Task.CompletedTask : base.OnWrittenAsync(obj);

    private TimeSpan SyncPeriod => ServiceProvider.GetService<IOptions<ReconcileOptions>>()?.Value.HorizontalPodAutoscalerSyncPeriod ?? TimeSpan.FromSeconds(15);

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject hpa)
    {
        var now = DateTimeOffset.UtcNow;
        reconciledGeneration = hpa["metadata"]?["generation"]?.GetValue<long>();
        var spec = hpa["spec"] as JsonObject ?? new JsonObject();
        var status = (hpa["status"]?.DeepClone() as JsonObject) ?? new JsonObject();
        status["observedGeneration"] = hpa["metadata"]?["generation"]?.DeepClone();
        var reference = spec["scaleTargetRef"] as JsonObject ?? new JsonObject();
        var targetKind = ResourceKinds.ByApiVersionKind(reference.GetString("apiVersion"), reference.GetString("kind"));
        var targetName = reference.GetString("name") ?? "";
        var target = targetKind is { } k && k.Subresources.Contains("scale")
            ? await Store.GetAsync(k.GroupResource, ObjectNamespace, targetName) : null;
        if (targetKind is null || target is null)
        {
            var resource = targetKind is null ? reference.GetString("kind")?.ToLowerInvariant() : targetKind.GroupResource;
            var message = $"the HPA controller was unable to get the target's current scale: {resource} \"{targetName}\" not found";
            StatusConditions.Set(status, "AbleToScale", "False", "FailedGetScale", message, now);
            await RecordOnceAsync(hpa, "Warning", "FailedGetScale", message);
            await WriteStatusIfChangedAsync(status);
            return SyncPeriod;
        }

        var targetObject = KubeJson.WithResourceVersion(target.Body, target.Revision);
        var current = targetObject["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        var min = spec["minReplicas"]?.GetValue<int>() ?? 1;
        var max = spec["maxReplicas"]?.GetValue<int>() ?? 1;
        status["currentReplicas"] = current;
        if (current == 0 && min != 0)
        {
            status["desiredReplicas"] = 0;
            StatusConditions.Set(status, "ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero", now);
            await WriteStatusIfChangedAsync(status);
            return SyncPeriod;
        }
        StatusConditions.Set(status, "AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale", now);

        var selector = LabelSelector.FromLabelSelector(targetObject["spec"]?["selector"]);
        var pods = (await Store.ListAsync(ResourceKinds.Pod.GroupResource, ObjectNamespace)).Items
            .Select(p => KubeJson.WithResourceVersion(p.Body, p.Revision))
            .Where(p => selector.Matches(p.Labels())).ToList();
        var usage = await PodUsageAsync(pods);

        int proposed;
        string? scaleReason;
        var currentMetrics = new JsonArray();
        try
        {
            (proposed, scaleReason) = Propose(spec, pods, usage, current, currentMetrics);
            StatusConditions.Set(status, "ScalingActive", "True", "ValidMetricFound",
                $"the HPA was able to successfully calculate a replica count from {scaleReason}", now);
        }
        catch (ScalingException failed)
        {
            StatusConditions.Set(status, "ScalingActive", "False", failed.Reason, $"the HPA was unable to compute the replica count: {failed.Message}", now);
            await RecordOnceAsync(hpa, "Warning", failed.Reason, failed.Message);
            status["currentMetrics"] = currentMetrics.Count > 0 ? currentMetrics : null;
            status["desiredReplicas"] = current;
            await WriteStatusIfChangedAsync(status);
            return SyncPeriod;
        }
        status["currentMetrics"] = currentMetrics;

        var (up, down) = Rules(spec["behavior"] as JsonObject);
        if (recommendations.Count == 0)
            // kube seeds the down window with the current count, so a fresh controller does not scale down at once.
            recommendations.Add(new Recommendation(now, current));
        var scale = ScalingBehavior.Normalize(current, proposed, min, max, up, down, recommendations, events, now);
        StatusConditions.Set(status, "AbleToScale", "True", scale.AbleReason, scale.AbleMessage, now);
        StatusConditions.Set(status, "ScalingLimited", scale.Limited ? "True" : "False", scale.LimitReason, scale.LimitMessage, now);
        status["desiredReplicas"] = scale.Replicas;

        if (scale.Replicas != current)
        {
            var rescaled = await GrainFactory.For(targetKind, ObjectNamespace, targetName).Patch(
                new PatchRequest(PatchTypes.Merge, KubeJson.Write(new JsonObject { ["spec"] = new JsonObject { ["replicas"] = scale.Replicas } })),
                WriteOptions.Default);
            if (rescaled.IsSuccess)
            {
                events.Add(new ScaleEvent(now, scale.Replicas - current));
                events.RemoveAll(e => e.At < now - TimeSpan.FromMinutes(30));
                var reason = scale.Replicas > current ? $"{scaleReason} above target" : "All metrics below target";
                await EventRecorder.RecordAsync(GrainFactory, hpa, "Normal", "SuccessfulRescale", $"New size: {scale.Replicas}; reason: {reason}", Component);
                status["lastScaleTime"] = ObjectMeta.Timestamp(now);
                StatusConditions.Set(status, "AbleToScale", "True", "SucceededRescale", $"the HPA controller was able to update the target scale to {scale.Replicas}", now);
            }
            else
            {
                StatusConditions.Set(status, "AbleToScale", "False", "FailedUpdateScale", $"the HPA controller was unable to update the target scale: {rescaled.Body}", now);
                await RecordOnceAsync(hpa, "Warning", "FailedRescale", $"New size: {scale.Replicas}; error: {rescaled.Body}");
            }
        }
        await WriteStatusIfChangedAsync(status);
        return SyncPeriod;
    }

    /// <summary>The highest proposal over the metrics, with the reason kube names in its rescale event.</summary>
    private static (int Replicas, string Reason) Propose(JsonObject spec, List<JsonObject> pods, PodUsageSample usage, int current, JsonArray currentMetrics)
    {
        var metrics = (spec["metrics"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        int? best = null;
        var reason = "";
        foreach (var metric in metrics)
        {
            var type = metric.GetString("type");
            if (type != "Resource")
                throw new ScalingException(type switch { "Pods" => "FailedGetPodsMetric", "Object" => "FailedGetObjectMetric", "External" => "FailedGetExternalMetric", _ => "FailedGetContainerResourceMetric" },
                    $"unable to get metric: no custom metrics API (custom.metrics.k8s.io or external.metrics.k8s.io) is served by this cluster");
            var resource = metric["resource"] as JsonObject ?? new JsonObject();
            var name = resource.GetString("name") ?? "";
            if (name is not ("cpu" or "memory"))
                throw new ScalingException("FailedGetResourceMetric", $"unable to get metrics for resource {name}: no metrics returned from resource metrics API");
            var cpu = name == "cpu";
            var samples = pods.Select(p => Sample(p, usage, cpu)).ToList();
            var target = resource["target"] as JsonObject ?? new JsonObject();
            MetricProposal proposal;
            string metricReason;
            if (target["averageUtilization"]?.GetValue<int>() is { } utilization)
            {
                proposal = ReplicaCalculator.ForUtilization(current, samples, utilization, cpu, usage.Timestamp, usage.Window);
                metricReason = $"{name} resource utilization (percentage of request)";
            }
            else
            {
                var averageText = target.GetString("averageValue") ?? "0";
                var average = cpu ? Quantity.ParseMilli(averageText) : Quantity.ParseValue(averageText);
                proposal = ReplicaCalculator.ForAverageValue(current, samples, average, cpu, usage.Timestamp, usage.Window);
                metricReason = $"{name} resource";
            }
            var value = cpu ? $"{proposal.AverageValue}m" : proposal.AverageValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var currentValue = new JsonObject { ["averageValue"] = value };
            if (proposal.AverageUtilization is { } percent)
                currentValue["averageUtilization"] = percent;
            currentMetrics.Add(new JsonObject { ["type"] = "Resource", ["resource"] = new JsonObject { ["name"] = name, ["current"] = currentValue } });
            if (best is null || proposal.Replicas > best)
                (best, reason) = (proposal.Replicas, metricReason);
        }
        return (best ?? current, reason);
    }

    private static ScalingPod Sample(JsonObject pod, PodUsageSample usage, bool cpu)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        long? request = 0;
        string? withoutRequest = null;
        foreach (var container in containers)
        {
            var text = container["resources"]?["requests"]?.GetString(cpu ? "cpu" : "memory");
            withoutRequest ??= text is null ? container.GetString("name") : null;
            request = text is null || request is null ? null : request + (cpu ? Quantity.ParseMilli(text) : Quantity.ParseValue(text));
        }
        var ready = (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == "Ready");
        var phase = pod["status"].GetString("phase");
        var measured = usage.Pods.TryGetValue(pod.Name()!, out var use) && phase == "Running" ? (cpu ? use.Cpu : use.Memory) : (long?)null;
        return new ScalingPod(pod.Name()!, measured, request, ready?.GetString("status") == "True",
            pod.DeletionTimestamp() is not null || phase == "Failed" || phase == "Succeeded",
            Time(pod["status"].GetString("startTime")), Time(ready?.GetString("lastTransitionTime")), withoutRequest);
    }

    private static DateTimeOffset? Time(string? text) => text is null ? null : DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The latest usage sample of each pod, from the agents of the nodes the pods run on.</summary>
    private async Task<PodUsageSample> PodUsageAsync(List<JsonObject> pods)
    {
        var byName = new Dictionary<string, (long Cpu, long Memory)>(StringComparer.Ordinal);
        var timestamp = DateTimeOffset.UtcNow;
        var window = TimeSpan.FromSeconds(5);
        foreach (var node in pods.Select(p => PodGrain.NodeName(p)).OfType<string>().Distinct())
        {
            NodeUsageReport? report;
            try
            {
                report = await GrainFactory.GetGrain<INodeAgentGrain>(node).Usage();
            }
            catch (Exception)
            {
                continue; // the node's silo is gone: its pods count as missing metrics
            }
            if (report is null)
                continue;
            (timestamp, window) = (report.Timestamp, report.Window);
            foreach (var pod in report.Pods.Where(p => p.Namespace == ObjectNamespace))
                byName[pod.Name] = (pod.Containers.Sum(c => c.Usage.CpuNanocores) / 1_000_000, pod.Containers.Sum(c => c.Usage.MemoryBytes));
        }
        return new PodUsageSample(byName, timestamp, window);
    }

    private sealed record PodUsageSample(IReadOnlyDictionary<string, (long Cpu, long Memory)> Pods, DateTimeOffset Timestamp, TimeSpan Window);

    /// <summary>spec.behavior with kube's defaults for whatever is not set.</summary>
    private static (ScalingRules Up, ScalingRules Down) Rules(JsonObject? behavior) =>
        (Rule(behavior?["scaleUp"] as JsonObject, ScalingRules.DefaultUp), Rule(behavior?["scaleDown"] as JsonObject, ScalingRules.DefaultDown));

    private static ScalingRules Rule(JsonObject? rules, ScalingRules defaults) => rules is null ? defaults : new ScalingRules(
        rules["stabilizationWindowSeconds"]?.GetValue<int>() ?? defaults.StabilizationWindowSeconds,
        rules.GetString("selectPolicy") ?? defaults.SelectPolicy,
        (rules["policies"] as JsonArray)?.OfType<JsonObject>()
            .Select(p => new ScalingPolicy(p.GetString("type") ?? "Pods", p["value"]?.GetValue<int>() ?? 0, p["periodSeconds"]?.GetValue<int>() ?? 15)).ToList()
            ?? defaults.Policies);

    /// <summary>A warning event once per distinct message, not every sync period.</summary>
    private async Task RecordOnceAsync(JsonObject hpa, string type, string reason, string message)
    {
        if (lastWarning == reason + message)
            return;
        lastWarning = reason + message;
        await EventRecorder.RecordAsync(GrainFactory, hpa, type, reason, message, Component);
    }
}
