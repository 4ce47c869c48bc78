using k8s.Models;

namespace Orleans.Kube.Model;

/// <summary>The resource types this API server serves.</summary>
public static class ResourceKinds
{
    private static readonly string[] All_ = ["all"];
    private static readonly string[] Status = ["status"];
    private static readonly string[] StatusAndScale = ["status", "scale"];

    public static readonly ResourceKind Namespace = ResourceKind.Of<V1Namespace>("", "v1", "Namespace", "namespaces", false, ["ns"], subresources: Status);
    public static readonly ResourceKind Pod = ResourceKind.Of<V1Pod>("", "v1", "Pod", "pods", true, ["po"], All_, ["status", "log", "exec", "portforward", "binding", "eviction"]);
    public static readonly ResourceKind Service = ResourceKind.Of<V1Service>("", "v1", "Service", "services", true, ["svc"], All_, ["status", "proxy"]);
    public static readonly ResourceKind ConfigMap = ResourceKind.Of<V1ConfigMap>("", "v1", "ConfigMap", "configmaps", true, ["cm"]);
    public static readonly ResourceKind Secret = ResourceKind.Of<V1Secret>("", "v1", "Secret", "secrets", true);
    public static readonly ResourceKind Node = ResourceKind.Of<V1Node>("", "v1", "Node", "nodes", false, ["no"], subresources: Status);
    public static readonly ResourceKind Event = ResourceKind.Of<Corev1Event>("", "v1", "Event", "events", true, ["ev"]);
    public static readonly ResourceKind Endpoints = ResourceKind.Of<V1Endpoints>("", "v1", "Endpoints", "endpoints", true, ["ep"]);
    public static readonly ResourceKind ServiceAccount = ResourceKind.Of<V1ServiceAccount>("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"]);
    public static readonly ResourceKind Deployment = ResourceKind.Of<V1Deployment>("apps", "v1", "Deployment", "deployments", true, ["deploy"], All_, StatusAndScale);
    public static readonly ResourceKind ReplicaSet = ResourceKind.Of<V1ReplicaSet>("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], All_, StatusAndScale);
    public static readonly ResourceKind DaemonSet = ResourceKind.Of<V1DaemonSet>("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], All_, Status);
    public static readonly ResourceKind StatefulSet = ResourceKind.Of<V1StatefulSet>("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], All_, StatusAndScale);
    public static readonly ResourceKind Job = ResourceKind.Of<V1Job>("batch", "v1", "Job", "jobs", true, [], All_, Status);
    public static readonly ResourceKind CronJob = ResourceKind.Of<V1CronJob>("batch", "v1", "CronJob", "cronjobs", true, ["cj"], All_, Status);
    public static readonly ResourceKind HorizontalPodAutoscaler = ResourceKind.Of<V2HorizontalPodAutoscaler>("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], All_, Status);
    public static readonly ResourceKind EndpointSlice = ResourceKind.Of<V1EndpointSlice>("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true);

    public static readonly IReadOnlyList<ResourceKind> All =
    [
        Namespace, Pod, Service, ConfigMap, Secret, Node, Event, Endpoints, ServiceAccount,
        Deployment, ReplicaSet, DaemonSet, StatefulSet, Job, CronJob, HorizontalPodAutoscaler, EndpointSlice,
    ];

    /// <summary>The API groups in the order discovery lists them ("" is the core group).</summary>
    public static IEnumerable<(string Group, string Version)> GroupVersions =>
        All.Select(k => (k.Group, k.Version)).Distinct();

    public static ResourceKind? ByPlural(string group, string version, string plural) =>
        All.FirstOrDefault(k => k.Group == group && k.Version == version && k.Plural == plural);

    public static ResourceKind? ByGroupResource(string groupResource) =>
        All.FirstOrDefault(k => k.GroupResource == groupResource);

    public static ResourceKind? ByModelType(Type type) => All.FirstOrDefault(k => k.ModelType == type);

    public static ResourceKind? ByApiVersionKind(string? apiVersion, string? kind) =>
        All.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind);
}
