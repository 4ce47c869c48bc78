namespace Orleans.Kube.Model.Validation;

/// <summary>
/// API groups of the built-in kinds, for the "Kind.group" qualifier kube puts in Invalid messages
/// (schema.GroupKind.String(): just the kind for the core group).
/// </summary>
internal static class KindGroups
{
    private static readonly Dictionary<string, string> Groups = new(StringComparer.Ordinal)
    {
        ["Deployment"] = "apps",
        ["ReplicaSet"] = "apps",
        ["StatefulSet"] = "apps",
        ["DaemonSet"] = "apps",
        ["ControllerRevision"] = "apps",
        ["Job"] = "batch",
        ["CronJob"] = "batch",
        ["HorizontalPodAutoscaler"] = "autoscaling",
        ["Ingress"] = "networking.k8s.io",
        ["IngressClass"] = "networking.k8s.io",
        ["NetworkPolicy"] = "networking.k8s.io",
        ["PodDisruptionBudget"] = "policy",
        ["Role"] = "rbac.authorization.k8s.io",
        ["RoleBinding"] = "rbac.authorization.k8s.io",
        ["ClusterRole"] = "rbac.authorization.k8s.io",
        ["ClusterRoleBinding"] = "rbac.authorization.k8s.io",
        ["StorageClass"] = "storage.k8s.io",
        ["CSIDriver"] = "storage.k8s.io",
        ["CSINode"] = "storage.k8s.io",
        ["VolumeAttachment"] = "storage.k8s.io",
        ["Lease"] = "coordination.k8s.io",
        ["EndpointSlice"] = "discovery.k8s.io",
        ["PriorityClass"] = "scheduling.k8s.io",
        ["RuntimeClass"] = "node.k8s.io",
        ["CertificateSigningRequest"] = "certificates.k8s.io",
        ["CustomResourceDefinition"] = "apiextensions.k8s.io",
        ["ValidatingWebhookConfiguration"] = "admissionregistration.k8s.io",
        ["MutatingWebhookConfiguration"] = "admissionregistration.k8s.io",
        ["APIService"] = "apiregistration.k8s.io",
    };

    /// <summary>"Deployment.apps", "Pod"; a kind that already carries a group is returned as given.</summary>
    public static string Qualify(string kind) =>
        kind.Contains('.', StringComparison.Ordinal) || !Groups.TryGetValue(kind, out var group) ? kind : $"{kind}.{group}";
}
