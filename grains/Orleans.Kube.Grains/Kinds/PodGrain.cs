using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

public sealed class PodGrain(ResourceStore store, ILogger<PodGrain> logger)
    : ResourceGrain(ResourceKinds.Pod, store, logger), IPodGrain
{
    protected override void OnCreating(JsonObject obj) =>
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(obj) };

    /// <summary>Guaranteed when every container's requests equal its limits, BestEffort when none set any.</summary>
    private static string QosClass(JsonObject pod)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var resources = containers.Select(c => c["resources"] as JsonObject).ToList();
        if (resources.All(r => r?["requests"] is null && r?["limits"] is null))
            return "BestEffort";
        var guaranteed = resources.All(r =>
            r?["limits"] is JsonObject limits && limits["cpu"] is not null && limits["memory"] is not null &&
            (r["requests"] is not JsonObject requests || requests.All(q => JsonNode.DeepEquals(q.Value, limits[q.Key]))));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
