using k8s.Models;

namespace Orleans.Kube.Model.OpenApi;

/// <summary>
/// How a field merges, as kube's Go struct tags say (patchStrategy/patchMergeKey, +listType/+listMapKey) and its
/// OpenAPI documents publish as x-kubernetes-patch-strategy, x-kubernetes-patch-merge-key, x-kubernetes-list-type
/// and x-kubernetes-list-map-keys. The KubernetesClient models do not carry these, so this is a hand-kept table of
/// the well-known fields (the lists people edit: containers by name, ports by containerPort/protocol, env and
/// volumes by name, volumeMounts by mountPath, conditions by type, ...); fields not listed publish none.
/// kubectl computes its strategic merge patches from its compiled-in types, not from these (see OpenApiDocuments).
/// </summary>
public sealed record PatchMetadata(string? Strategy, string? MergeKey, string? ListType, string[] MapKeys)
{
    private static PatchMetadata MergeMap(params string[] keys) => new("merge", keys[0], "map", keys);
    private static readonly PatchMetadata Atomic = new(null, null, "atomic", []);
    private static readonly PatchMetadata ConditionsByType = MergeMap("type");

    private static readonly Dictionary<(Type Owner, string Field), PatchMetadata> Table = new()
    {
        [(typeof(V1ObjectMeta), "finalizers")] = new("merge", null, "set", []),
        [(typeof(V1ObjectMeta), "ownerReferences")] = MergeMap("uid"),
        [(typeof(V1PodSpec), "containers")] = MergeMap("name"),
        [(typeof(V1PodSpec), "initContainers")] = MergeMap("name"),
        [(typeof(V1PodSpec), "ephemeralContainers")] = MergeMap("name"),
        [(typeof(V1PodSpec), "volumes")] = new("merge,retainKeys", "name", "map", ["name"]),
        [(typeof(V1PodSpec), "imagePullSecrets")] = new("merge", "name", null, []),
        [(typeof(V1PodSpec), "hostAliases")] = MergeMap("ip"),
        [(typeof(V1PodSpec), "topologySpreadConstraints")] = MergeMap("topologyKey", "whenUnsatisfiable"),
        [(typeof(V1PodSpec), "schedulingGates")] = MergeMap("name"),
        [(typeof(V1PodSpec), "resourceClaims")] = new("merge,retainKeys", "name", "map", ["name"]),
        [(typeof(V1Container), "ports")] = MergeMap("containerPort", "protocol"),
        [(typeof(V1Container), "env")] = MergeMap("name"),
        [(typeof(V1Container), "volumeMounts")] = MergeMap("mountPath"),
        [(typeof(V1Container), "volumeDevices")] = MergeMap("devicePath"),
        [(typeof(V1Container), "command")] = Atomic,
        [(typeof(V1Container), "args")] = Atomic,
        [(typeof(V1Container), "envFrom")] = Atomic,
        [(typeof(V1Container), "resizePolicy")] = Atomic,
        [(typeof(V1ServiceSpec), "ports")] = MergeMap("port", "protocol"),
        [(typeof(V1PodStatus), "conditions")] = ConditionsByType,
        [(typeof(V1NodeStatus), "conditions")] = ConditionsByType,
        [(typeof(V1NodeStatus), "addresses")] = ConditionsByType,
        [(typeof(V1DeploymentSpec), "strategy")] = new("retainKeys", null, null, []),
        [(typeof(V1DeploymentStatus), "conditions")] = ConditionsByType,
        [(typeof(V1ReplicaSetStatus), "conditions")] = ConditionsByType,
        [(typeof(V1DaemonSetStatus), "conditions")] = ConditionsByType,
        [(typeof(V1StatefulSetStatus), "conditions")] = ConditionsByType,
        [(typeof(V1JobStatus), "conditions")] = new("merge", "type", "atomic", []),
    };

    /// <summary>The metadata of the JSON field <paramref name="field"/> of model type <paramref name="owner"/>, or null.</summary>
    public static PatchMetadata? Of(Type owner, string field) => Table.GetValueOrDefault((owner, field));
}
