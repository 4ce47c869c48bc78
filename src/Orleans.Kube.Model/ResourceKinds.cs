using k8s.Models;
using Orleans.Kube.Model.Kinds;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.Validation.KindValidation;

namespace Orleans.Kube.Model;

/// <summary>
/// The resource types this API server serves, each declared once with its strategy (see <see cref="ResourceKind"/>),
/// and the one registration list (<see cref="All"/>) that discovery, OpenAPI, routing, validation, defaulting,
/// printing, field selectors, protobuf decoding and the grain lookup read. A kind with more than a few lines of
/// its own rules keeps its declaration in Kinds/ (see <see cref="StorageClassKind"/>).
/// </summary>
public static class ResourceKinds
{
    private static readonly string[] All_ = ["all"];
    private static readonly string[] Status = ["status"];
    private static readonly string[] StatusAndScale = ["status", "scale"];

    public static readonly ResourceKind Namespace = ResourceKind.Of<V1Namespace>("", "v1", "Namespace", "namespaces", false, ["ns"], subresources: Status) with
    {
        Defaults = ObjectDefaults.Namespace,
        Validator = BuiltIn(NameRules.Dns1123Label, NamespaceValidator.Validate),
        Printer = CorePrinters.Namespaces,
        FieldLabels = ["status.phase"],
        ProtoMessage = "core.Namespace",
    };

    public static readonly ResourceKind Pod = ResourceKind.Of<V1Pod>("", "v1", "Pod", "pods", true, ["po"], All_, ["status", "log", "exec", "attach", "portforward", "proxy", "binding", "eviction"]) with
    {
        Defaults = ObjectDefaults.Pod,
        Validator = BuiltIn(NameRules.Dns1123Subdomain, (obj, errors) => PodSpecValidator.Validate(JsonFields.Obj(obj, "spec"), "spec", errors)),
        Printer = PodPrinter.Printer,
        FieldLabels =
        [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
        ],
        ProtoMessage = "core.Pod",
    };

    public static readonly ResourceKind Service = ResourceKind.Of<V1Service>("", "v1", "Service", "services", true, ["svc"], All_, ["status", "proxy"]) with
    {
        Defaults = ObjectDefaults.Service,
        // Services must be DNS-1035 labels (a letter first): their names become DNS names and env vars.
        Validator = BuiltIn(NameRules.Dns1035Label, ServiceValidator.Validate),
        Printer = ServicePrinter.Printer,
        FieldLabels = ["spec.clusterIP", "spec.type"],
        ProtoMessage = "core.Service",
    };

    public static readonly ResourceKind ConfigMap = ResourceKind.Of<V1ConfigMap>("", "v1", "ConfigMap", "configmaps", true, ["cm"]) with
    {
        Validator = BuiltIn(NameRules.Dns1123Subdomain, ConfigMapValidator.Validate),
        Printer = CorePrinters.ConfigMaps,
        ProtoMessage = "core.ConfigMap",
    };

    public static readonly ResourceKind Secret = ResourceKind.Of<V1Secret>("", "v1", "Secret", "secrets", true) with
    {
        Defaults = ObjectDefaults.Secret,
        Validator = BuiltIn(NameRules.Dns1123Subdomain, SecretValidator.Validate),
        Printer = CorePrinters.Secrets,
        FieldLabels = ["type"],
        ProtoMessage = "core.Secret",
    };

    public static readonly ResourceKind Node = ResourceKind.Of<V1Node>("", "v1", "Node", "nodes", false, ["no"], subresources: ["status", "proxy"]) with
    {
        Validator = BuiltIn(NameRules.Dns1123Subdomain, NodeValidator.Validate),
        Printer = NodePrinter.Printer,
        FieldLabels = ["spec.unschedulable"],
    };

    public static readonly ResourceKind Event = ResourceKind.Of<Corev1Event>("", "v1", "Event", "events", true, ["ev"]) with
    {
        Validator = Own(EventValidator.Validate),
        Printer = EventPrinter.Printer,
        FieldLabels =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
        ],
        ProtoMessage = "core.Event",
    };

    public static readonly ResourceKind Endpoints = ResourceKind.Of<V1Endpoints>("", "v1", "Endpoints", "endpoints", true, ["ep"]) with
    {
        Printer = EndpointPrinters.Endpoints,
    };

    public static readonly ResourceKind ServiceAccount = ResourceKind.Of<V1ServiceAccount>("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"], subresources: ["token"]) with
    {
        Printer = CorePrinters.ServiceAccounts,
        ProtoMessage = "core.ServiceAccount",
    };

    public static readonly ResourceKind Deployment = ResourceKind.Of<V1Deployment>("apps", "v1", "Deployment", "deployments", true, ["deploy"], All_, StatusAndScale) with
    {
        Defaults = ObjectDefaults.Deployment,
        Validator = BuiltIn(NameRules.Dns1123Subdomain, DeploymentValidator.Validate),
        Printer = AppsPrinters.Deployments,
        ProtoMessage = "apps.Deployment",
    };

    public static readonly ResourceKind ReplicaSet = ResourceKind.Of<V1ReplicaSet>("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], All_, StatusAndScale) with
    {
        Defaults = ObjectDefaults.ReplicatedWorkload,
        Validator = BuiltIn(NameRules.Dns1123Subdomain, ReplicaSetValidator.Validate),
        Printer = AppsPrinters.ReplicaSets,
        FieldLabels = ["status.replicas"],
    };

    public static readonly ResourceKind DaemonSet = ResourceKind.Of<V1DaemonSet>("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], All_, Status) with
    {
        Defaults = ObjectDefaults.DaemonSet,
        Validator = BuiltIn(NameRules.Dns1123Subdomain, DaemonSetValidator.Validate),
        Printer = AppsPrinters.DaemonSets,
    };

    public static readonly ResourceKind StatefulSet = ResourceKind.Of<V1StatefulSet>("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], All_, StatusAndScale) with
    {
        Defaults = ObjectDefaults.StatefulSet,
        Validator = BuiltIn(NameRules.Dns1123Label, StatefulSetValidator.Validate),
        Printer = AppsPrinters.StatefulSets,
    };

    public static readonly ResourceKind ControllerRevision = ControllerRevisionKind.Declaration;

    public static readonly ResourceKind Job = ResourceKind.Of<V1Job>("batch", "v1", "Job", "jobs", true, [], All_, Status) with
    {
        Defaults = ObjectDefaults.Job,
        Validator = BuiltIn(NameRules.Dns1123Subdomain, JobValidator.Validate),
        Printer = BatchPrinters.Jobs,
        FieldLabels = ["status.successful"],
        ProtoMessage = "batch.Job",
    };

    public static readonly ResourceKind CronJob = ResourceKind.Of<V1CronJob>("batch", "v1", "CronJob", "cronjobs", true, ["cj"], All_, Status) with
    {
        Defaults = ObjectDefaults.CronJob,
        Validator = BuiltIn(NameRules.Dns1123Subdomain, CronJobValidator.Validate),
        Printer = BatchPrinters.CronJobs,
        ProtoMessage = "batch.CronJob",
    };

    public static readonly ResourceKind HorizontalPodAutoscaler = ResourceKind.Of<V2HorizontalPodAutoscaler>("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], All_, Status) with
    {
        Defaults = ObjectDefaults.HorizontalPodAutoscaler,
        Validator = BuiltIn(NameRules.Dns1123Subdomain, HorizontalPodAutoscalerValidator.Validate),
        Printer = HorizontalPodAutoscalerPrinter.Printer,
    };

    public static readonly ResourceKind HorizontalPodAutoscalerV1 = HorizontalPodAutoscalerV1Kind.Declaration(HorizontalPodAutoscaler);

    public static readonly ResourceKind EndpointSlice = ResourceKind.Of<V1EndpointSlice>("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true) with
    {
        Printer = EndpointPrinters.EndpointSlices,
    };

    public static readonly ResourceKind StorageClass = StorageClassKind.Declaration;

    public static readonly ResourceKind Lease = LeaseKind.Declaration;

    public static readonly ResourceKind Ingress = IngressKind.Declaration;

    public static readonly ResourceKind IngressClass = IngressClassKind.Declaration;

    public static readonly ResourceKind NetworkPolicy = NetworkPolicyKind.Declaration;

    public static readonly ResourceKind ResourceQuota = ResourceQuotaKind.Declaration;

    public static readonly ResourceKind LimitRange = LimitRangeKind.Declaration;

    public static readonly ResourceKind PersistentVolume = PersistentVolumeKind.Declaration;

    public static readonly ResourceKind PersistentVolumeClaim = PersistentVolumeClaimKind.Declaration;

    public static readonly ResourceKind Role = RbacKinds.Role;
    public static readonly ResourceKind ClusterRole = RbacKinds.ClusterRole;
    public static readonly ResourceKind RoleBinding = RbacKinds.RoleBinding;
    public static readonly ResourceKind ClusterRoleBinding = RbacKinds.ClusterRoleBinding;

    /// <summary>The registration list: every served kind, in discovery order.</summary>
    public static readonly IReadOnlyList<ResourceKind> All =
    [
        Namespace, Pod, Service, ConfigMap, Secret, Node, Event, Endpoints, ServiceAccount,
        Deployment, ReplicaSet, DaemonSet, StatefulSet, ControllerRevision, Job, CronJob, HorizontalPodAutoscaler, EndpointSlice,
        StorageClass, PersistentVolume, PersistentVolumeClaim, Lease, Ingress, IngressClass, NetworkPolicy, ResourceQuota, LimitRange,
        Role, ClusterRole, RoleBinding, ClusterRoleBinding,
    ];

    /// <summary>Versions served from another version's storage: in discovery and routing, never stored or watched as such.</summary>
    public static readonly IReadOnlyList<ResourceKind> ConvertedVersions = [HorizontalPodAutoscalerV1];

    /// <summary>Every kind a URL can address: the registered ones, then the converted versions.</summary>
    public static readonly IReadOnlyList<ResourceKind> Served = [.. All, .. ConvertedVersions];

    /// <summary>The API groups in the order discovery lists them ("" is the core group; a group's preferred version first).</summary>
    public static IEnumerable<(string Group, string Version)> GroupVersions =>
        Served.Select(k => (k.Group, k.Version)).Distinct();

    public static ResourceKind? ByPlural(string group, string version, string plural) =>
        Served.FirstOrDefault(k => k.Group == group && k.Version == version && k.Plural == plural);

    public static ResourceKind? ByGroupResource(string groupResource) =>
        All.FirstOrDefault(k => k.GroupResource == groupResource);

    public static ResourceKind? ByModelType(Type type) => All.FirstOrDefault(k => k.ModelType == type);

    public static ResourceKind? ByApiVersionKind(string? apiVersion, string? kind) =>
        All.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind);

    /// <summary>A served kind by its Kind name alone (served kind names are unique across groups).</summary>
    public static ResourceKind? ByKind(string kind) => All.FirstOrDefault(k => k.Kind == kind);
}
