using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>The autoscaling/v1 Scale view of a workload, as `kubectl scale` reads and patches it.</summary>
internal static class ScaleSubresource
{
    public static JsonObject From(JsonObject workload)
    {
        var meta = workload.Metadata();
        var selector = workload["spec"]?["selector"]?["matchLabels"] is JsonObject labels
            ? string.Join(",", labels.Select(p => $"{p.Key}={p.Value}"))
            : "";
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = meta["name"]?.DeepClone(),
                ["namespace"] = meta["namespace"]?.DeepClone(),
                ["uid"] = meta["uid"]?.DeepClone(),
                ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = workload["spec"]?["replicas"]?.DeepClone() ?? 0 },
            ["status"] = new JsonObject
            {
                ["replicas"] = workload["status"]?["replicas"]?.DeepClone() ?? 0,
                ["selector"] = selector,
            },
        };
    }

    /// <summary>Why a PUT Scale body does not decode into autoscaling/v1 Scale (replicas must be an int32), or null.</summary>
    public static string? DecodeError(JsonObject scale) =>
        scale["spec"] is not (null or JsonObject) || scale["spec"]?["replicas"] is { } replicas && !(replicas is JsonValue v && v.TryGetValue<int>(out _))
            ? "Scale in version \"v1\" cannot be handled as a Scale: spec.replicas must be an int32"
            : null;

    /// <summary>The merge patch that gives the workload the Scale's replicas (and its resourceVersion precondition).</summary>
    public static JsonObject ToWorkloadPatch(JsonObject scale)
    {
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = scale["spec"]?["replicas"]?.DeepClone() } };
        if (scale.ResourceVersion() is { Length: > 0 } rv)
            patch["metadata"] = new JsonObject { ["resourceVersion"] = rv };
        return patch;
    }
}
