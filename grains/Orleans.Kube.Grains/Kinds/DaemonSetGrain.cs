using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Scheduling;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// Runs one pod of a DaemonSet's template on every eligible node (kube's daemon controller): each pod
/// is pinned to its node by a required node affinity on metadata.name and still goes through the
/// scheduler. Templates are recorded as ControllerRevisions (`controller-revision-hash` on pods), so
/// `kubectl rollout status/history/undo daemonset` work; RollingUpdate replaces pods node by node
/// within maxUnavailable/maxSurge, OnDelete only when a pod is deleted. Nodes joining, leaving or
/// changing reach it through the node-watch subscription.
/// </summary>
public sealed class DaemonSetGrain(IResourceStore store, ILogger<DaemonSetGrain> logger)
    : ReconcilingGrain(ResourceKinds.DaemonSet, store, logger), IDaemonSetGrain
{
    public const string RevisionHashLabel = ControllerRevisionHistory.HashLabel;
    private const string Component = "daemonset-controller";
    private bool subscribed;

    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected override async Task OnRemovedAsync(JsonObject last) =>
        await GrainFactory.GetGrain<INodeWatchGrain>(0).Unsubscribe(Kind.GroupResource, ObjectNamespace, ObjectName);

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject ds)
    {
        if (!subscribed)
        {
            await GrainFactory.GetGrain<INodeWatchGrain>(0).Subscribe(Kind.GroupResource, ObjectNamespace, ObjectName);
            subscribed = true;
        }
        var spec = ds["spec"] as JsonObject ?? new JsonObject();
        var hash = PodTemplateHash.Of(spec["template"]);
        await SyncRevisionsAsync(ds, hash);

        var template = TemplateRequest(spec);
        var nodes = (await Store.ListAsync(ResourceKinds.Node.GroupResource, null)).Items
            .Select(n => NodeSnapshot.From(KubeJson.ParseObject(n.Body), [])).ToList();
        var pods = await OwnedPodsAsync(ds);

        // Failed daemon pods are deleted (and replaced on the next pass), as kube does.
        foreach (var failed in pods.Where(p => p["status"].GetString("phase") == "Failed" && p.DeletionTimestamp() is null))
        {
            await EventRecorder.RecordAsync(GrainFactory, ds, "Warning", "FailedDaemonPod",
                $"Found failed daemon pod {ObjectNamespace}/{failed.Name()} on node {TargetNode(failed)}, will try to kill it", Component);
            await DeletePodAsync(ds, failed.Name()!);
        }
        var live = pods.Where(p => p["status"].GetString("phase") != "Failed").ToList();
        var byNode = live.GroupBy(p => TargetNode(p) ?? "").ToDictionary(g => g.Key, g => g.ToList());
        var known = nodes.Select(n => n.Name).ToHashSet();
        // Pods of nodes that no longer exist go.
        foreach (var orphan in live.Where(p => !known.Contains(TargetNode(p) ?? "") && p.DeletionTimestamp() is null))
            await DeletePodAsync(ds, orphan.Name()!);

        var views = nodes.Select(node => new DaemonNode(node.Name, Fit(template, node),
            [.. byNode.GetValueOrDefault(node.Name, []).Select(p => new DaemonPod(p.Name()!,
                p.Labels().GetValueOrDefault(RevisionHashLabel) == hash, PodDeletionOrder.IsReady(p), p.DeletionTimestamp() is not null))])).ToList();
        var desired = views.Count(v => v.Fit.ShouldRun);
        var strategy = spec["updateStrategy"] as JsonObject;
        var rolling = strategy.GetString("type") != "OnDelete";
        var maxUnavailable = Math.Max(0, IntOrPercentValue.Resolve(strategy?["rollingUpdate"]?["maxUnavailable"] ?? 1, desired, roundUp: true));
        var maxSurge = Math.Max(0, IntOrPercentValue.Resolve(strategy?["rollingUpdate"]?["maxSurge"] ?? 0, desired, roundUp: true));
        if (maxSurge == 0 && maxUnavailable == 0)
            maxUnavailable = 1;
        var plan = DaemonSetRollout.Decide(views, rolling, maxUnavailable, maxSurge);
        foreach (var name in plan.Delete)
            await DeletePodAsync(ds, name);
        foreach (var node in plan.CreateOn)
            await CreatePodAsync(ds, spec, hash, node);

        await WriteStatusAsync(ds, views, hash);
        var settled = plan.CreateOn.Count == 0 && plan.Delete.Count == 0 && views.All(v => v.Pods.All(p => p.Updated && p.Available && !p.Terminating) || !v.Fit.ShouldRun);
        return settled ? null : TimeSpan.FromSeconds(1);
    }

    /// <summary>The template as the scheduler's filters read it, with the tolerations kube adds to every daemon pod.</summary>
    private static PodRequest TemplateRequest(JsonObject spec)
    {
        var template = spec["template"] as JsonObject ?? new JsonObject();
        var request = PodRequest.From(new JsonObject { ["metadata"] = new JsonObject(), ["spec"] = template["spec"]?.DeepClone() });
        var hostNetwork = template["spec"]?["hostNetwork"]?.GetValue<bool>() == true;
        return request with { Tolerations = DaemonSetEligibility.WithAutomaticTolerations(request.Tolerations, hostNetwork) };
    }

    /// <summary>kube taints a NotReady node not-ready:NoSchedule, which daemon pods do not tolerate: no new pod there, the old one stays.</summary>
    private static DaemonNodeFit Fit(PodRequest template, NodeSnapshot node)
    {
        var fit = DaemonSetEligibility.Fit(template, node);
        return node.Ready ? fit : fit with { ShouldRun = false };
    }

    /// <summary>The node a daemon pod is for: where it is bound, or where its affinity pins it.</summary>
    private static string? TargetNode(JsonObject pod) =>
        PodGrain.NodeName(pod) ?? (pod["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray)?
            .OfType<JsonObject>().SelectMany(t => (t["matchFields"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Where(f => f.GetString("key") == "metadata.name").Select(f => (f["values"] as JsonArray)?.FirstOrDefault()?.GetValue<string>()).FirstOrDefault();

    private async Task CreatePodAsync(JsonObject ds, JsonObject spec, string hash, string node)
    {
        var template = spec["template"] as JsonObject ?? new JsonObject();
        var meta = (template["metadata"]?.DeepClone() as JsonObject) ?? new JsonObject();
        meta.Remove("name");
        meta["namespace"] = ObjectNamespace;
        meta["generateName"] = $"{ObjectName}-";
        var labels = meta["labels"] as JsonObject ?? new JsonObject();
        meta["labels"] = labels;
        labels[RevisionHashLabel] = hash;
        labels["pod-template-generation"] = (ds["metadata"]?["generation"]?.GetValue<long>() ?? 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        meta["ownerReferences"] = new JsonArray(OwnerReferences.ControlledBy(ResourceKinds.DaemonSet, ds));
        var podSpec = (template["spec"]?.DeepClone() as JsonObject) ?? new JsonObject();
        PinToNode(podSpec, node);
        podSpec["tolerations"] = new JsonArray([.. TemplateRequest(spec).Tolerations.Select(t => (JsonNode)Toleration(t))]);
        var pod = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = meta, ["spec"] = podSpec };
        var (name, result) = await GrainFactory.CreateWithGeneratedNameAsync(ResourceKinds.Pod, ObjectNamespace, $"{ObjectName}-", pod, WriteOptions.Default);
        if (result.IsSuccess)
            await EventRecorder.RecordAsync(GrainFactory, ds, "Normal", "SuccessfulCreate", $"Created pod: {name}", Component);
        else
            await EventRecorder.RecordAsync(GrainFactory, ds, "Warning", "FailedCreate", $"Error creating: {result.Body}", Component);
    }

    /// <summary>kube's ReplaceDaemonSetPodNodeNameNodeAffinity: one required term, matchFields metadata.name In [node].</summary>
    private static void PinToNode(JsonObject podSpec, string node)
    {
        var affinity = podSpec["affinity"] as JsonObject ?? new JsonObject();
        podSpec["affinity"] = affinity;
        var nodeAffinity = affinity["nodeAffinity"] as JsonObject ?? new JsonObject();
        affinity["nodeAffinity"] = nodeAffinity;
        nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
        {
            ["nodeSelectorTerms"] = new JsonArray(new JsonObject
            {
                ["matchFields"] = new JsonArray(new JsonObject { ["key"] = "metadata.name", ["operator"] = "In", ["values"] = new JsonArray(node) }),
            }),
        };
    }

    private static JsonObject Toleration(Scheduling.Toleration t)
    {
        var obj = new JsonObject();
        if (t.Key is not null) obj["key"] = t.Key;
        obj["operator"] = t.Operator;
        if (t.Value is not null) obj["value"] = t.Value;
        if (t.Effect is not null) obj["effect"] = t.Effect;
        return obj;
    }

    private async Task DeletePodAsync(JsonObject ds, string name)
    {
        var result = await GrainFactory.For(ResourceKinds.Pod, ObjectNamespace, name).Delete(DeleteRequest.Default);
        if (result.IsSuccess)
            await EventRecorder.RecordAsync(GrainFactory, ds, "Normal", "SuccessfulDelete", $"Deleted pod: {name}", Component);
    }

    /// <summary>The template's ControllerRevision (ds-hash), newest; old ones beyond revisionHistoryLimit that no pod runs go.</summary>
    private async Task SyncRevisionsAsync(JsonObject ds, string hash)
    {
        var inUse = (await OwnedPodsAsync(ds)).Select(p => p.Labels().GetValueOrDefault(RevisionHashLabel)).ToHashSet();
        await ControllerRevisionHistory.SyncAsync(GrainFactory, ResourceKinds.DaemonSet, ds, hash, await ControlledAsync(ds, ResourceKinds.ControllerRevision), inUse);
    }

    /// <summary>The status `kubectl get ds` and `kubectl rollout status ds` read.</summary>
    private async Task WriteStatusAsync(JsonObject ds, List<DaemonNode> nodes, string hash)
    {
        var pods = await OwnedPodsAsync(ds);
        var byNode = pods.Where(p => p.DeletionTimestamp() is null && p["status"].GetString("phase") != "Failed")
            .GroupBy(p => TargetNode(p) ?? "").ToDictionary(g => g.Key, g => g.ToList());
        int desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
        foreach (var node in nodes)
        {
            var onNode = byNode.GetValueOrDefault(node.Name, []);
            var scheduled = onNode.Any(p => PodGrain.NodeName(p) is not null);
            if (!node.Fit.ShouldRun)
            {
                if (scheduled && !node.Fit.ShouldContinueRunning)
                    misscheduled++;
                if (!scheduled || !node.Fit.ShouldContinueRunning)
                    continue;
            }
            desired++;
            if (!scheduled)
                continue;
            current++;
            if (onNode.Any(PodDeletionOrder.IsReady))
            {
                ready++;
                available++;
            }
            if (onNode.Any(p => p.Labels().GetValueOrDefault(RevisionHashLabel) == hash))
                updated++;
        }
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = current,
            ["numberMisscheduled"] = misscheduled,
            ["desiredNumberScheduled"] = desired,
            ["numberReady"] = ready,
            ["observedGeneration"] = ds["metadata"]?["generation"]?.DeepClone(),
            ["updatedNumberScheduled"] = updated,
            ["numberAvailable"] = available,
            ["numberUnavailable"] = desired - available,
        };
        await WriteStatusIfChangedAsync(status);
    }

    private Task<List<JsonObject>> OwnedPodsAsync(JsonObject ds) => ControlledAsync(ds, ResourceKinds.Pod);
}
