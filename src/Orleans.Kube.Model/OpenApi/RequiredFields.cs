using k8s.Models;

namespace Orleans.Kube.Model.OpenApi;

/// <summary>
/// Required fields. A model field of a non-nullable value type (V1ContainerPort.containerPort) is required by
/// construction; reference-typed fields carry no such mark in the KubernetesClient models, so the well-known
/// required ones of the kinds we serve are listed here (kube's fields without `omitempty`/`+optional`).
/// </summary>
public static class RequiredFields
{
    private static readonly Dictionary<Type, string[]> Table = new()
    {
        [typeof(V1PodSpec)] = ["containers"],
        [typeof(V1Container)] = ["name"],
        [typeof(V1EphemeralContainer)] = ["name"],
        [typeof(V1EnvVar)] = ["name"],
        [typeof(V1Volume)] = ["name"],
        [typeof(V1VolumeMount)] = ["name", "mountPath"],
        [typeof(V1KeyToPath)] = ["key", "path"],
        [typeof(V1ConfigMapKeySelector)] = ["key"],
        [typeof(V1SecretKeySelector)] = ["key"],
        [typeof(V1ObjectFieldSelector)] = ["fieldPath"],
        [typeof(V1ResourceFieldSelector)] = ["resource"],
        [typeof(V1HTTPGetAction)] = ["port"],
        [typeof(V1TCPSocketAction)] = ["port"],
        [typeof(V1PodAffinityTerm)] = ["topologyKey"],
        [typeof(V1WeightedPodAffinityTerm)] = ["podAffinityTerm"],
        [typeof(V1PreferredSchedulingTerm)] = ["preference"],
        [typeof(V1NodeSelector)] = ["nodeSelectorTerms"],
        [typeof(V1TopologySpreadConstraint)] = ["topologyKey", "whenUnsatisfiable"],
        [typeof(V1Sysctl)] = ["name", "value"],
        [typeof(V1HostAlias)] = ["ip"],
        [typeof(V1PodReadinessGate)] = ["conditionType"],
        [typeof(V1PodSchedulingGate)] = ["name"],
        [typeof(V1PodResourceClaim)] = ["name"],
        [typeof(V1ContainerResizePolicy)] = ["resourceName", "restartPolicy"],
        [typeof(V1SeccompProfile)] = ["type"],
        [typeof(V1AppArmorProfile)] = ["type"],
        [typeof(V1PersistentVolumeClaimVolumeSource)] = ["claimName"],
        [typeof(V1HostPathVolumeSource)] = ["path"],
        [typeof(V1DownwardAPIVolumeFile)] = ["path"],
        [typeof(V1ServiceAccountTokenProjection)] = ["path"],
        [typeof(V1PodCondition)] = ["type", "status"],
        [typeof(V1NodeCondition)] = ["type", "status"],
        [typeof(V1NodeAddress)] = ["type", "address"],
        [typeof(V1LabelSelectorRequirement)] = ["key", "operator"],
        [typeof(V1NodeSelectorRequirement)] = ["key", "operator"],
        [typeof(V1OwnerReference)] = ["apiVersion", "kind", "name", "uid"],
        [typeof(V1DeploymentSpec)] = ["selector", "template"],
        [typeof(V1ReplicaSetSpec)] = ["selector"],
        [typeof(V1DaemonSetSpec)] = ["selector", "template"],
        [typeof(V1StatefulSetSpec)] = ["selector", "template"],
        [typeof(V1JobSpec)] = ["template"],
        [typeof(V1CronJobSpec)] = ["schedule", "jobTemplate"],
        [typeof(V1Taint)] = ["key", "effect"],
        [typeof(Rbacv1Subject)] = ["kind", "name"],
        [typeof(V1RoleRef)] = ["apiGroup", "kind", "name"],
        [typeof(V1PolicyRule)] = ["verbs"],
        [typeof(V1EndpointSlice)] = ["addressType", "endpoints"],
        [typeof(V1Endpoint)] = ["addresses"],
        [typeof(V1EndpointAddress)] = ["ip"],
        [typeof(V1StorageClass)] = ["provisioner"],
        [typeof(V2HorizontalPodAutoscalerSpec)] = ["scaleTargetRef", "maxReplicas"],
        [typeof(V2CrossVersionObjectReference)] = ["kind", "name"],
        [typeof(V2MetricSpec)] = ["type"],
        [typeof(V2MetricTarget)] = ["type"],
        [typeof(V1HTTPIngressPath)] = ["pathType", "backend"],
        [typeof(V1HTTPIngressRuleValue)] = ["paths"],
        [typeof(V1LimitRangeSpec)] = ["limits"],
        [typeof(V1LimitRangeItem)] = ["type"],
    };

    /// <summary>The required JSON fields of <paramref name="model"/>, in its field order.</summary>
    public static IEnumerable<string> Of(Type model)
    {
        var listed = Table.GetValueOrDefault(model) ?? [];
        return ModelTypes.Fields(model)
            .Where(f => listed.Contains(f.Name) || f.Property.PropertyType.IsValueType && Nullable.GetUnderlyingType(f.Property.PropertyType) is null)
            .Select(f => f.Name);
    }
}
