using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>Keeps exactly spec.replicas active pods from its template, and reports how many are ready.</summary>
public sealed class ReplicaSetGrain(ResourceStore store, ILogger<ReplicaSetGrain> logger)
    : ReconcilingGrain(ResourceKinds.ReplicaSet, store, logger), IReplicaSetGrain
{
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
        if (diff > 0)
            await Task.WhenAll(Enumerable.Range(0, diff).Select(_ => CreatePodAsync(rs)));
        else if (diff < 0)
            await Task.WhenAll(active.OrderBy(DeletionPreference).Take(-diff).Select(p => PodOf(p).Delete(DeleteRequest.Default)));

        await WriteStatusAsync(rs, active);
        return diff != 0 ? TimeSpan.FromSeconds(1) : null;
    }

    private async Task<List<JsonObject>> OwnedPodsAsync(JsonObject rs) =>
        (await Store.ListDependentsAsync(rs.Uid()!, ObjectNamespace))
            .Where(o => o.Resource == ResourceKinds.Pod.GroupResource)
            .Select(o => KubeJson.WithResourceVersion(o.Body, o.Revision))
            .Where(p => OwnerReferences.IsControlledBy(p, rs.Uid()!))
            .ToList();

    private async Task CreatePodAsync(JsonObject rs)
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
    }

    private async Task WriteStatusAsync(JsonObject rs, List<JsonObject> active)
    {
        var ready = active.Count(IsReady);
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

    /// <summary>Which surplus pods go first: unscheduled, then pending, then not ready, then the newest.</summary>
    private static (int, int, int, string) DeletionPreference(JsonObject pod) =>
        (Grains.PodGrain.NodeName(pod) is null ? 0 : 1,
         pod["status"].GetString("phase") == "Pending" ? 0 : 1,
         IsReady(pod) ? 1 : 0,
         Invert(pod["metadata"].GetString("creationTimestamp") ?? ""));

    private static string Invert(string timestamp) => new(timestamp.Select(c => (char)(char.MaxValue - c)).ToArray());

    public static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c.GetString("type") == "Ready" && c.GetString("status") == "True") == true;

    private static Dictionary<string, string> LabelsOf(JsonNode? template) => ObjectMeta.StringMap(template?["metadata"]?["labels"]);

    private IPodGrain PodOf(JsonObject pod) => GrainFactory.GetGrain<IPodGrain>(ResourceGrains.Key(ObjectNamespace, pod.Name()!));
}
