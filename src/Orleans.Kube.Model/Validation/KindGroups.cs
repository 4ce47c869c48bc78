namespace Orleans.Kube.Model.Validation;

/// <summary>
/// The "Kind.group" qualifier kube puts in Invalid messages (schema.GroupKind.String(): just the kind for the
/// core group). Served kinds answer from their declaration; the table holds built-in kinds we do not serve,
/// which kube qualifies too (they appear in references such as a webhook's or a role's).
/// </summary>
internal static class KindGroups
{
    private static readonly Dictionary<string, string> UnservedGroups = new(StringComparer.Ordinal)
    {
        ["Ingress"] = "networking.k8s.io",
        ["IngressClass"] = "networking.k8s.io",
        ["NetworkPolicy"] = "networking.k8s.io",
        ["PodDisruptionBudget"] = "policy",
        ["Role"] = "rbac.authorization.k8s.io",
        ["RoleBinding"] = "rbac.authorization.k8s.io",
        ["ClusterRole"] = "rbac.authorization.k8s.io",
        ["ClusterRoleBinding"] = "rbac.authorization.k8s.io",
        ["CSIDriver"] = "storage.k8s.io",
        ["CSINode"] = "storage.k8s.io",
        ["VolumeAttachment"] = "storage.k8s.io",
        ["Lease"] = "coordination.k8s.io",
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
        kind.Contains('.', StringComparison.Ordinal) ? kind
        : ResourceKinds.ByKind(kind) is { } served ? served.GroupKind
        : UnservedGroups.TryGetValue(kind, out var group) ? $"{kind}.{group}"
        : kind;
}
