using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// Rolls a Deployment's pod template out through ReplicaSets named by the template's hash:
/// RollingUpdate within maxSurge/maxUnavailable, or Recreate; keeps revisionHistoryLimit old
/// ReplicaSets for `kubectl rollout undo`, and reports the status `kubectl rollout status` reads.
/// </summary>
public sealed class DeploymentGrain(IResourceStore store, ILogger<DeploymentGrain> logger)
    : ReconcilingGrain(ResourceKinds.Deployment, store, logger), IDeploymentGrain
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string HashLabel = "pod-template-hash";

    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject deployment)
    {
        var spec = deployment["spec"] as JsonObject ?? new JsonObject();
        var desired = spec["replicas"]?.GetValue<int>() ?? 1;
        var sets = await OwnedReplicaSetsAsync(deployment);
        var hash = PodTemplateHash.Of(spec["template"]);
        var newSet = sets.FirstOrDefault(rs => rs.Labels().GetValueOrDefault(HashLabel) == hash);
        var maxRevision = sets.Select(Revision).DefaultIfEmpty(0).Max();
        var paused = spec["paused"]?.GetValue<bool>() == true;

        if (!paused)
        {
            if (newSet is null)
                newSet = await CreateReplicaSetAsync(deployment, hash, maxRevision + 1, InitialReplicas(spec, desired, sets));
            else
            {
                // Rolling back to an old template makes its ReplicaSet the newest revision again;
                // annotations added to the Deployment (kubernetes.io/change-cause) follow to it.
                var revision = Revision(newSet) < maxRevision ? maxRevision + 1 : Revision(newSet);
                var annotations = ReplicaSetAnnotations(deployment, revision);
                if (annotations.Any(a => newSet["metadata"]?["annotations"].GetString(a.Key) != a.Value?.GetValue<string>()))
                    newSet = await PatchReplicaSetAsync(newSet, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } });
            }
            if (newSet is not null)
            {
                var olds = sets.Where(rs => rs.Uid() != newSet.Uid()).ToList();
                if (spec["strategy"].GetString("type") == "Recreate")
                    await RecreateAsync(newSet, olds, desired);
                else
                    await RollAsync(spec, newSet, olds, desired);
                await PruneHistoryAsync(spec, olds);
            }
        }

        sets = await OwnedReplicaSetsAsync(deployment);
        newSet = sets.FirstOrDefault(rs => rs.Labels().GetValueOrDefault(HashLabel) == hash);
        var complete = await WriteStatusAsync(deployment, sets, newSet, desired, paused);
        return complete ? null : TimeSpan.FromSeconds(1);
    }

    private static int InitialReplicas(JsonObject spec, int desired, List<JsonObject> olds) =>
        RollingUpdate.InitialReplicas(desired, MaxSurge(spec, desired), olds.Sum(Replicas), spec["strategy"].GetString("type") == "Recreate");

    private async Task RollAsync(JsonObject spec, JsonObject newSet, List<JsonObject> olds, int desired)
    {
        var maxUnavailable = IntOrPercentValue.Resolve(spec["strategy"]?["rollingUpdate"]?["maxUnavailable"], desired, roundUp: false);
        var byRevision = olds.OrderBy(Revision).ToList();
        var step = RollingUpdate.Step(desired, MaxSurge(spec, desired), maxUnavailable, ReplicaCountsOf(newSet), byRevision.Select(ReplicaCountsOf).ToList());
        if (step.NewReplicas != Replicas(newSet))
            await ScaleAsync(newSet, step.NewReplicas);
        for (var i = 0; i < byRevision.Count; i++)
            if (step.OldReplicas[i] != Replicas(byRevision[i]))
                await ScaleAsync(byRevision[i], step.OldReplicas[i]);
    }

    private static int MaxSurge(JsonObject spec, int desired) =>
        IntOrPercentValue.Resolve(spec["strategy"]?["rollingUpdate"]?["maxSurge"], desired, roundUp: true);

    private static ReplicaCounts ReplicaCountsOf(JsonObject rs) => new(Replicas(rs), Available(rs));

    private async Task RecreateAsync(JsonObject newSet, List<JsonObject> olds, int desired)
    {
        foreach (var old in olds.Where(rs => Replicas(rs) > 0))
            await ScaleAsync(old, 0);
        // The new pods start only once every old pod is gone.
        if (olds.Any(rs => rs["status"]?["replicas"]?.GetValue<int>() > 0))
            return;
        if (Replicas(newSet) != desired)
            await ScaleAsync(newSet, desired);
    }

    private async Task PruneHistoryAsync(JsonObject spec, List<JsonObject> olds)
    {
        var limit = spec["revisionHistoryLimit"]?.GetValue<int>() ?? 10;
        var idle = olds.Where(rs => Replicas(rs) == 0 && (rs["status"]?["replicas"]?.GetValue<int>() ?? 0) == 0).OrderBy(Revision).ToList();
        foreach (var rs in idle.Take(Math.Max(0, idle.Count - limit)))
            await GrainFactory.For(ResourceKinds.ReplicaSet, ObjectNamespace, rs.Name()!).Delete(DeleteRequest.Default);
    }

    private async Task<bool> WriteStatusAsync(JsonObject deployment, List<JsonObject> sets, JsonObject? newSet, int desired, bool paused)
    {
        int Sum(string field) => sets.Sum(rs => rs["status"]?[field]?.GetValue<int>() ?? 0);
        var replicas = Sum("replicas");
        var available = Sum("availableReplicas");
        var ready = Sum("readyReplicas");
        var updated = newSet?["status"]?["replicas"]?.GetValue<int>() ?? 0;
        var newObserved = newSet is null || (newSet["status"]?["observedGeneration"]?.GetValue<long>() ?? 0) >= (newSet["metadata"]?["generation"]?.GetValue<long>() ?? 1);
        var complete = newObserved && updated == desired && replicas == desired && available == desired && Replicas(newSet) == desired;
        var old = deployment["status"] as JsonObject;

        var maxUnavailable = IntOrPercentValue.Resolve(deployment["spec"]?["strategy"]?["rollingUpdate"]?["maxUnavailable"], desired, roundUp: false);
        var now = ObjectMeta.Timestamp(DateTimeOffset.UtcNow);
        var conditions = new JsonArray
        {
            Condition(old, "Available", available >= desired - maxUnavailable ? "True" : "False",
                available >= desired - maxUnavailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                available >= desired - maxUnavailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now, progressed: false),
            ProgressingCondition(deployment, old, new DeploymentCounts(replicas, updated, ready, available), newSet, complete, paused, now),
        };
        var status = new JsonObject
        {
            ["observedGeneration"] = deployment["metadata"]?["generation"]?.DeepClone(),
            ["replicas"] = replicas,
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = available,
            ["unavailableReplicas"] = Math.Max(0, desired - available),
            ["conditions"] = conditions,
        };
        // The Deployment carries its newest ReplicaSet's revision, as kube's controller writes it.
        var revision = newSet?["metadata"]?["annotations"].GetString(RevisionAnnotation);
        var revisionChanged = revision is not null && deployment["metadata"]?["annotations"].GetString(RevisionAnnotation) != revision;
        if (!JsonNode.DeepEquals(StripTimes(status), StripTimes(old)) || revisionChanged)
        {
            var next = (JsonObject)deployment.DeepClone();
            next["status"] = status;
            if (revisionChanged)
            {
                var meta = next.Metadata();
                var annotations = meta["annotations"] as JsonObject ?? new JsonObject();
                annotations[RevisionAnnotation] = revision;
                meta["annotations"] = annotations;
            }
            await WriteAsync(next);
        }
        return complete;
    }

    private JsonObject ProgressingCondition(JsonObject deployment, JsonObject? old, DeploymentCounts counts, JsonObject? newSet, bool complete, bool paused, string now)
    {
        var rsName = newSet?.Name() ?? "";
        if (paused)
            return Condition(old, "Progressing", "Unknown", "DeploymentPaused", "Deployment is paused", now, progressed: false);
        if (complete)
            return Condition(old, "Progressing", "True", DeploymentProgress.NewReplicaSetAvailable, $"ReplicaSet \"{rsName}\" has successfully progressed.", now, progressed: false);
        var previous = (old?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == "Progressing");
        if (DeploymentProgress.Progressed(Counts(old), counts) || previous?.GetString("reason") == DeploymentProgress.NewReplicaSetAvailable)
            return Condition(old, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", now, progressed: true);
        var deadline = deployment["spec"]?["progressDeadlineSeconds"]?.GetValue<int>() ?? 600;
        var lastUpdate = previous?.GetString("lastUpdateTime") is { } t ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
        if (DeploymentProgress.TimedOut(previous?.GetString("reason"), lastUpdate, deadline, DateTimeOffset.UtcNow))
            return Condition(old, "Progressing", "False", DeploymentProgress.ProgressDeadlineExceeded, $"ReplicaSet \"{rsName}\" has timed out progressing.", now, progressed: false);
        return Condition(old, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{rsName}\" is progressing.", now, progressed: false);
    }

    private static DeploymentCounts? Counts(JsonObject? status) =>
        status is null ? null : new DeploymentCounts(Count(status, "replicas"), Count(status, "updatedReplicas"), Count(status, "readyReplicas"), Count(status, "availableReplicas"));

    private static int Count(JsonObject status, string field) => status[field]?.GetValue<int>() ?? 0;

    private static JsonObject Condition(JsonObject? oldStatus, string type, string status, string reason, string message, string now, bool progressed)
    {
        var previous = (oldStatus?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == type);
        var same = previous is not null && previous.GetString("status") == status && previous.GetString("reason") == reason;
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastUpdateTime"] = same && !progressed ? previous!["lastUpdateTime"]?.DeepClone() : now,
            ["lastTransitionTime"] = previous is not null && previous.GetString("status") == status ? previous["lastTransitionTime"]?.DeepClone() : now,
            ["reason"] = reason,
            ["message"] = message,
        };
    }

    /// <summary>Status compared without timestamps, so an unchanged rollout writes nothing.</summary>
    private static JsonNode? StripTimes(JsonObject? status)
    {
        if (status?.DeepClone() is not JsonObject copy)
            return null;
        foreach (var condition in (copy["conditions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            condition.Remove("lastUpdateTime");
            condition.Remove("lastTransitionTime");
        }
        return copy;
    }

    private async Task<JsonObject?> CreateReplicaSetAsync(JsonObject deployment, string hash, long revision, int replicas)
    {
        var spec = (JsonObject)deployment["spec"]!;
        var template = (JsonObject)spec["template"]!.DeepClone();
        var templateMeta = template["metadata"] as JsonObject ?? new JsonObject();
        template["metadata"] = templateMeta;
        var labels = templateMeta["labels"] as JsonObject ?? new JsonObject();
        templateMeta["labels"] = labels;
        labels[HashLabel] = hash;
        var selector = (JsonObject)(spec["selector"]?.DeepClone() ?? new JsonObject());
        var matchLabels = selector["matchLabels"] as JsonObject ?? new JsonObject();
        selector["matchLabels"] = matchLabels;
        matchLabels[HashLabel] = hash;
        var name = $"{ObjectName}-{hash}";
        var rs = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ObjectNamespace,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = ReplicaSetAnnotations(deployment, revision),
                ["ownerReferences"] = new JsonArray(OwnerReferences.ControlledBy(Kind, deployment)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = selector,
                ["template"] = template,
            },
        };
        var result = await GrainFactory.For(ResourceKinds.ReplicaSet, ObjectNamespace, name).Create(KubeJson.Write(rs), WriteOptions.Default);
        if (!result.IsSuccess)
            return null;
        if (replicas > 0)
            await EventRecorder.RecordAsync(GrainFactory, deployment, "Normal", "ScalingReplicaSet", $"Scaled up replica set {name} from 0 to {replicas}", "deployment-controller");
        return KubeJson.ParseObject(result.Body);
    }

    /// <summary>Deployment annotations kube's controller does not copy to its ReplicaSets.</summary>
    private static readonly HashSet<string> NotCopiedAnnotations =
    [
        "kubectl.kubernetes.io/last-applied-configuration", RevisionAnnotation, "deployment.kubernetes.io/revision-history",
        "deployment.kubernetes.io/desired-replicas", "deployment.kubernetes.io/max-replicas",
    ];

    /// <summary>The Deployment's own annotations (e.g. kubernetes.io/change-cause, which rollout history shows) and the revision.</summary>
    private static JsonObject ReplicaSetAnnotations(JsonObject deployment, long revision)
    {
        var annotations = new JsonObject();
        foreach (var (key, value) in ObjectMeta.StringMap(deployment["metadata"]?["annotations"]))
            if (!NotCopiedAnnotations.Contains(key))
                annotations[key] = value;
        annotations[RevisionAnnotation] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return annotations;
    }

    private async Task<JsonObject> ScaleAsync(JsonObject rs, int replicas)
    {
        var from = Replicas(rs);
        var scaled = await PatchReplicaSetAsync(rs, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } });
        if (Current is { } deployment)
            await EventRecorder.RecordAsync(GrainFactory, deployment, "Normal", "ScalingReplicaSet",
                $"Scaled {(replicas > from ? "up" : "down")} replica set {rs.Name()} from {from} to {replicas}", "deployment-controller");
        return scaled ?? rs;
    }

    private async Task<JsonObject?> PatchReplicaSetAsync(JsonObject rs, JsonObject patch)
    {
        var result = await GrainFactory.For(ResourceKinds.ReplicaSet, ObjectNamespace, rs.Name()!)
            .Patch(new PatchRequest(PatchTypes.Merge, KubeJson.Write(patch)), WriteOptions.Default);
        return result.IsSuccess ? KubeJson.ParseObject(result.Body) : null;
    }

    private async Task<List<JsonObject>> OwnedReplicaSetsAsync(JsonObject deployment) =>
        (await Store.ListOwnedAsync(ResourceKinds.ReplicaSet.GroupResource, deployment.Uid()!, ObjectNamespace))
            .Select(o => KubeJson.WithResourceVersion(o.Body, o.Revision))
            .Where(rs => rs.DeletionTimestamp() is null)
            .ToList();

    private static int Replicas(JsonObject? rs) => rs?["spec"]?["replicas"]?.GetValue<int>() ?? 0;

    private static int Available(JsonObject rs) => rs["status"]?["availableReplicas"]?.GetValue<int>() ?? 0;

    private static long Revision(JsonObject rs) =>
        long.TryParse(rs["metadata"]?["annotations"].GetString(RevisionAnnotation), out var r) ? r : 0;
}
