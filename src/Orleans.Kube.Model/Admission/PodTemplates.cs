using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Admission;

/// <summary>Where the pod spec sits in a pod and in the workloads that make pods (what Pod Security evaluates).</summary>
public static class PodTemplates
{
    public static JsonObject? SpecOf(ResourceKind kind, JsonObject obj) => kind.Kind switch
    {
        "Pod" => obj["spec"] as JsonObject,
        "Deployment" or "ReplicaSet" or "DaemonSet" or "StatefulSet" or "Job" or "ReplicationController" => obj["spec"]?["template"]?["spec"] as JsonObject,
        "CronJob" => obj["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"] as JsonObject,
        _ => null,
    };
}
