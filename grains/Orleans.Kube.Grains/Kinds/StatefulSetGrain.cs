using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// kube's StatefulSet controller: pods NAME-ORDINAL with a stable identity (hostname = pod name, subdomain =
/// serviceName, so the headless Service's DNS answers NAME-0.SERVICE.NS.svc), each with its own claims from
/// volumeClaimTemplates (TEMPLATE-NAME-ORDINAL, made before the pod and kept when it goes), created and removed as
/// <see cref="StatefulSetPlan"/> decides (OrderedReady or Parallel, RollingUpdate with partition, OnDelete).
/// Templates are ControllerRevisions (the pod label controller-revision-hash is the revision's name), so
/// `kubectl rollout status/history/undo statefulset` work. persistentVolumeClaimRetentionPolicy: whenDeleted=Delete
/// gives the claims an owner reference to the set (they go with it); whenScaled=Delete deletes a condemned pod's
/// claims with it.
/// </summary>
public sealed class StatefulSetGrain(IResourceStore store, ILogger<StatefulSetGrain> logger)
    : ReconcilingGrain(ResourceKinds.StatefulSet, store, logger), IStatefulSetGrain
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";
    private const string Component = "statefulset-controller";

    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject set)
    {
        var spec = set["spec"] as JsonObject ?? new JsonObject();
        var pods = await ControlledAsync(set, ResourceKinds.Pod);
        var revisions = await ControlledAsync(set, ResourceKinds.ControllerRevision);
        var hash = PodTemplateHash.Of(spec["template"]);
        var updateRevision = ControllerRevisionHistory.Name(set, hash);
        var inUse = pods.Select(p => p.Labels().GetValueOrDefault(ControllerRevisionHistory.HashLabel)).Select(HashOf).ToHashSet();
        await ControllerRevisionHistory.SyncAsync(GrainFactory, ResourceKinds.StatefulSet, set, hash, revisions, inUse);
        var currentRevision = set["status"].GetString("currentRevision") is { Length: > 0 } current
            && revisions.Any(r => r.Name() == current) ? current : updateRevision;

        var start = (int)(spec["ordinals"]?["start"]?.GetValue<long>() ?? 0);
        var replicas = (int)(spec["replicas"]?.GetValue<long>() ?? 1);
        var parallel = spec.GetString("podManagementPolicy") == "Parallel";
        var strategy = spec["updateStrategy"] as JsonObject;
        var rolling = strategy.GetString("type") != "OnDelete";
        var partition = (int)(strategy?["rollingUpdate"]?["partition"]?.GetValue<long>() ?? 0);
        var maxUnavailable = Math.Max(1, IntOrPercentValue.Resolve(strategy?["rollingUpdate"]?["maxUnavailable"] ?? 1, replicas, roundUp: false));

        var byOrdinal = new Dictionary<int, JsonObject>();
        foreach (var pod in pods)
            if (Ordinal(set, pod) is { } ordinal)
                byOrdinal[ordinal] = pod;
        var views = byOrdinal.Select(p => new StatefulPod(p.Key,
            p.Value.Labels().GetValueOrDefault(ControllerRevisionHistory.HashLabel) ?? "",
            IsRunningAndReady(p.Value), p.Value.DeletionTimestamp() is not null,
            p.Value["status"].GetString("phase") is "Failed" or "Succeeded")).ToList();
        var plan = StatefulSetPlan.Decide(views, start, replicas, parallel, rolling, partition, maxUnavailable, updateRevision);

        var whenScaledDelete = spec["persistentVolumeClaimRetentionPolicy"].GetString("whenScaled") == "Delete";
        foreach (var ordinal in plan.Delete)
        {
            await DeletePodAsync(set, PodName(set, ordinal));
            if (whenScaledDelete && (ordinal < start || ordinal >= start + replicas))
                foreach (var claim in ClaimNames(set, ordinal))
                    await GrainFactory.For(ResourceKinds.PersistentVolumeClaim, ObjectNamespace, claim).Delete(DeleteRequest.Default);
        }
        foreach (var ordinal in plan.Create)
        {
            var revision = StatefulSetPlan.RevisionFor(ordinal, start, rolling, partition, currentRevision, updateRevision);
            var template = revision == updateRevision ? spec["template"] as JsonObject
                : revisions.FirstOrDefault(r => r.Name() == revision) is { } old ? ControllerRevisionHistory.Template(old) : spec["template"] as JsonObject;
            if (!await CreateClaimsAsync(set, ordinal) || !await CreatePodAsync(set, ordinal, template ?? new JsonObject(), revision))
                break;
        }

        await WriteStatusAsync(set, await ControlledAsync(set, ResourceKinds.Pod), currentRevision, updateRevision, start, replicas);
        return plan.Settled ? null : TimeSpan.FromSeconds(1);
    }

    /// <summary>Labels carry the revision's name (web-6d4cf56db6); the revision itself is labelled with the bare hash.</summary>
    private string? HashOf(string? revisionName) =>
        revisionName is not null && revisionName.StartsWith(ObjectName + "-", StringComparison.Ordinal) ? revisionName[(ObjectName.Length + 1)..] : revisionName;

    private static string PodName(JsonObject set, int ordinal) => $"{set.Name()}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The ordinal of a pod named SET-N, or null for a pod the set controls under another name.</summary>
    private static int? Ordinal(JsonObject set, JsonObject pod) =>
        pod.Name() is { } name && name.StartsWith(set.Name() + "-", StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(set.Name()!.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : null;

    private static bool IsRunningAndReady(JsonObject pod) =>
        pod["status"].GetString("phase") == "Running" && PodDeletionOrder.IsReady(pod);

    private static IEnumerable<JsonObject> ClaimTemplates(JsonObject set) =>
        (set["spec"]?["volumeClaimTemplates"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static IEnumerable<string> ClaimNames(JsonObject set, int ordinal) =>
        ClaimTemplates(set).Select(t => $"{t.Name()}-{PodName(set, ordinal)}");

    /// <summary>Each template's claim for the ordinal, unless it exists (a claim outlives its pods); false when one could not be made.</summary>
    private async Task<bool> CreateClaimsAsync(JsonObject set, int ordinal)
    {
        var deleteWithSet = set["spec"]?["persistentVolumeClaimRetentionPolicy"].GetString("whenDeleted") == "Delete";
        foreach (var template in ClaimTemplates(set))
        {
            var name = $"{template.Name()}-{PodName(set, ordinal)}";
            var grain = GrainFactory.For(ResourceKinds.PersistentVolumeClaim, ObjectNamespace, name);
            var existing = await grain.Get();
            if (existing.IsSuccess)
            {
                if (KubeJson.ParseObject(existing.Body).DeletionTimestamp() is not null)
                    return false; // a claim still going (whenScaled=Delete, then scaled up again): wait for it
                continue;
            }
            var claim = (JsonObject)template.DeepClone();
            claim["apiVersion"] = "v1";
            claim["kind"] = "PersistentVolumeClaim";
            claim.Remove("status");
            var meta = claim["metadata"] as JsonObject ?? new JsonObject();
            claim["metadata"] = meta;
            meta["name"] = name;
            meta["namespace"] = ObjectNamespace;
            var labels = meta["labels"] as JsonObject ?? new JsonObject();
            meta["labels"] = labels;
            foreach (var (key, value) in ObjectMeta.StringMap(set["spec"]?["selector"]?["matchLabels"]))
                labels[key] = value;
            if (deleteWithSet)
                meta["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["name"] = set.Name(), ["uid"] = set.Uid(),
                });
            var created = await grain.Create(KubeJson.Write(claim), WriteOptions.Default);
            if (created.IsSuccess)
                await EventRecorder.RecordAsync(GrainFactory, set, "Normal", "SuccessfulCreate",
                    $"create Claim {name} Pod {PodName(set, ordinal)} in StatefulSet {ObjectName} success", Component);
            else if (created.Code != 409)
            {
                await EventRecorder.RecordAsync(GrainFactory, set, "Warning", "FailedCreate",
                    $"create Claim {name} for Pod {PodName(set, ordinal)} in StatefulSet {ObjectName} failed error: {created.Body}", Component);
                return false;
            }
        }
        return true;
    }

    private async Task<bool> CreatePodAsync(JsonObject set, int ordinal, JsonObject template, string revision)
    {
        var name = PodName(set, ordinal);
        var meta = (template["metadata"]?.DeepClone() as JsonObject) ?? new JsonObject();
        meta["name"] = name;
        meta["namespace"] = ObjectNamespace;
        meta.Remove("generateName");
        var labels = meta["labels"] as JsonObject ?? new JsonObject();
        meta["labels"] = labels;
        labels[ControllerRevisionHistory.HashLabel] = revision;
        labels[PodNameLabel] = name;
        labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        meta["ownerReferences"] = new JsonArray(OwnerReferences.ControlledBy(ResourceKinds.StatefulSet, set));
        var podSpec = (template["spec"]?.DeepClone() as JsonObject) ?? new JsonObject();
        podSpec["hostname"] = name;
        if (set["spec"].GetString("serviceName") is { Length: > 0 } service)
            podSpec["subdomain"] = service;
        var volumes = podSpec["volumes"] as JsonArray ?? new JsonArray();
        podSpec["volumes"] = volumes;
        foreach (var claimTemplate in ClaimTemplates(set))
        {
            var volumeName = claimTemplate.Name();
            foreach (var same in volumes.OfType<JsonObject>().Where(v => v.GetString("name") == volumeName).ToList())
                volumes.Remove(same);
            volumes.Add(new JsonObject
            {
                ["name"] = volumeName,
                ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = $"{volumeName}-{name}" },
            });
        }
        var pod = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = meta, ["spec"] = podSpec };
        var result = await GrainFactory.For(ResourceKinds.Pod, ObjectNamespace, name).Create(KubeJson.Write(pod), WriteOptions.Default);
        if (result.IsSuccess)
        {
            await EventRecorder.RecordAsync(GrainFactory, set, "Normal", "SuccessfulCreate", $"create Pod {name} in StatefulSet {ObjectName} successful", Component);
            return true;
        }
        if (result.Code != 409) // 409: the old pod of this ordinal is still going; its removal signals us
            await EventRecorder.RecordAsync(GrainFactory, set, "Warning", "FailedCreate", $"create Pod {name} in StatefulSet {ObjectName} failed error: {result.Body}", Component);
        return false;
    }

    private async Task DeletePodAsync(JsonObject set, string name)
    {
        var result = await GrainFactory.For(ResourceKinds.Pod, ObjectNamespace, name).Delete(DeleteRequest.Default);
        if (result.IsSuccess)
            await EventRecorder.RecordAsync(GrainFactory, set, "Normal", "SuccessfulDelete", $"delete Pod {name} in StatefulSet {ObjectName} successful", Component);
    }

    /// <summary>The status `kubectl get sts` and `kubectl rollout status sts` read; the update revision becomes current once every replica runs it.</summary>
    private async Task WriteStatusAsync(JsonObject set, List<JsonObject> pods, string currentRevision, string updateRevision, int start, int replicas)
    {
        var live = pods.Where(p => p.DeletionTimestamp() is null && Ordinal(set, p) is not null).ToList();
        var ready = live.Count(IsRunningAndReady);
        var current = live.Count(p => p.Labels().GetValueOrDefault(ControllerRevisionHistory.HashLabel) == currentRevision);
        var updated = live.Count(p => p.Labels().GetValueOrDefault(ControllerRevisionHistory.HashLabel) == updateRevision);
        if (updated == replicas && live.Count(p => Ordinal(set, p) is { } o && o >= start && o < start + replicas) == replicas && ready == replicas)
        {
            currentRevision = updateRevision;
            current = updated;
        }
        var status = new JsonObject
        {
            ["observedGeneration"] = set["metadata"]?["generation"]?.DeepClone(),
            ["replicas"] = live.Count,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = current,
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = ready,
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = updateRevision,
            ["collisionCount"] = 0,
        };
        await WriteStatusIfChangedAsync(status);
    }
}
