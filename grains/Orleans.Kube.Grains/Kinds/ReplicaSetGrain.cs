using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>Keeps exactly spec.replicas active pods from its template, and reports how many are ready.</summary>
public sealed class ReplicaSetGrain(IResourceStore store, ILogger<ReplicaSetGrain> logger)
    : ReconcilingGrain(ResourceKinds.ReplicaSet, store, logger), IReplicaSetGrain
{
    /// <summary>kube's burstReplicas: at most this many pods are created or deleted per reconcile.</summary>
    private const int BurstReplicas = 500;

    Task IOwnerGrain.ChildChanged()
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected override async Task<TimeSpan?> ReconcileAsync(JsonObject rs)
    {
        var desired = rs["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        var pods = await OwnedPodsAsync(rs);

        // Failed pods are replaced, then collected, like kube's pod GC.
        foreach (var failed in pods.Where(p => PodGrain.IsTerminal(p) && p["status"].GetString("phase") == "Failed" && p.DeletionTimestamp() is null))
            await PodOf(failed).Delete(new DeleteRequest(GracePeriodSeconds: 0));

        var active = pods.Where(p => !PodGrain.IsTerminal(p) && p.DeletionTimestamp() is null).ToList();
        var diff = desired - active.Count;
        var (toCreate, created) = (Math.Min(diff, BurstReplicas), 0);
        if (diff > 0)
            created = await SlowStart.RunAsync(toCreate, () => CreatePodAsync(rs));
        else if (diff < 0)
        {
            var surplus = PodDeletionOrder.Surplus(active, -diff);
            await Task.WhenAll(surplus.Select(p => PodOf(p).Delete(DeleteRequest.Default)));
            // The status must not count pods just deleted: a rollout reading it would scale old sets down again.
            active = active.Except(surplus).ToList();
        }

        await WriteStatusAsync(rs, active);
        // A create that failed is an error: retried with back-off, not every second.
        if (created < toCreate)
            throw new InvalidOperationException($"pod creation failed: created {created} of {toCreate}");
        return diff != 0 ? TimeSpan.FromSeconds(1) : null;
    }

    private async Task<List<JsonObject>> OwnedPodsAsync(JsonObject rs) =>
        (await Store.ListOwnedAsync(ResourceKinds.Pod.GroupResource, rs.Uid()!, ObjectNamespace))
            .Select(o => KubeJson.WithResourceVersion(o.Body, o.Revision))
            .Where(p => OwnerReferences.IsControlledBy(p, rs.Uid()!))
            .ToList();

    /// <summary>Creates one pod from the template; false when the API refused it (a FailedCreate event says why).</summary>
    private async Task<bool> CreatePodAsync(JsonObject rs)
    {
        var template = rs["spec"]?["template"] as JsonObject ?? new JsonObject();
        var meta = (template["metadata"]?.DeepClone() as JsonObject) ?? new JsonObject();
        meta.Remove("name");
        meta["namespace"] = ObjectNamespace;
        meta["ownerReferences"] = new JsonArray(OwnerReferences.ControlledBy(Kind, rs));
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone(),
        };
        var (name, result) = await GrainFactory.CreateWithGeneratedNameAsync(ResourceKinds.Pod, ObjectNamespace, ObjectName + "-", pod, WriteOptions.Default);
        if (!result.IsSuccess)
            await EventRecorder.RecordAsync(GrainFactory, rs, "Warning", "FailedCreate", $"Error creating: {result.Body}", "replicaset-controller");
        else
            await EventRecorder.RecordAsync(GrainFactory, rs, "Normal", "SuccessfulCreate", $"Created pod: {name}", "replicaset-controller");
        return result.IsSuccess;
    }

    private async Task WriteStatusAsync(JsonObject rs, List<JsonObject> active)
    {
        var ready = active.Count(PodDeletionOrder.IsReady);
        var labels = LabelsOf(rs["spec"]?["template"]);
        var status = new JsonObject
        {
            ["replicas"] = active.Count,
            ["fullyLabeledReplicas"] = active.Count(p => labels.All(l => p.Labels().GetValueOrDefault(l.Key) == l.Value)),
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["observedGeneration"] = rs["metadata"]?["generation"]?.DeepClone(),
        };
        if (JsonNode.DeepEquals(status, rs["status"]))
            return;
        var next = (JsonObject)rs.DeepClone();
        next["status"] = status;
        await WriteAsync(next);
    }

    private static Dictionary<string, string> LabelsOf(JsonNode? template) => ObjectMeta.StringMap(template?["metadata"]?["labels"]);

    private IPodGrain PodOf(JsonObject pod) => GrainFactory.GetGrain<IPodGrain>(ResourceGrains.Key(ObjectNamespace, pod.Name()!));
}
