namespace Orleans.Kube.Model.Patching;

/// <summary>
/// The strategic-merge metadata of the built-in kinds' list fields, i.e. the <c>patchStrategy:"merge"</c> and
/// <c>patchMergeKey</c> struct tags in k8s.io/api. A list not named here is replaced wholesale by a patch
/// (args, command, tolerations, envFrom, Endpoints subsets, ...).
/// </summary>
/// <remarks>
/// A list is identified by its path: the field names from the object root, escaped and joined like a JSON pointer
/// but without list indices. A Deployment's container env is <c>/spec/template/spec/containers/env</c>.
/// A pattern starting with '/' must equal the whole path; otherwise it must match the path's trailing fields,
/// so "containers/env" covers Pods, Deployments, Jobs and CronJobs alike. The first matching row wins.
/// </remarks>
internal static class MergeKeys
{
    private const string AnyKind = "*";

    private static readonly Rule[] Rules =
    [
        // Kind-specific rows first: "ports" means different things in a Service and in a container.
        new("Service", "/spec/ports", ListMergeRule.ByKey("port")),
        new("Node", "/spec/podCIDRs", ListMergeRule.MergePrimitives),
        new("Node", "/status/addresses", ListMergeRule.ByKey("type")),
        new("ServiceAccount", "/secrets", ListMergeRule.ByKey("name")),
        new("ComponentStatus", "/conditions", ListMergeRule.ByKey("type")),

        // ObjectMeta, both top-level and in pod templates.
        new(AnyKind, "metadata/finalizers", ListMergeRule.MergePrimitives),
        new(AnyKind, "metadata/ownerReferences", ListMergeRule.ByKey("uid")),

        // PodSpec, wherever it is embedded (Pod spec, template.spec, jobTemplate.spec.template.spec).
        new(AnyKind, "spec/containers", ListMergeRule.ByKey("name")),
        new(AnyKind, "spec/initContainers", ListMergeRule.ByKey("name")),
        new(AnyKind, "spec/ephemeralContainers", ListMergeRule.ByKey("name")),
        new(AnyKind, "spec/volumes", ListMergeRule.ByKey("name")),
        new(AnyKind, "spec/imagePullSecrets", ListMergeRule.ByKey("name")),
        new(AnyKind, "spec/hostAliases", ListMergeRule.ByKey("ip")),
        new(AnyKind, "spec/topologySpreadConstraints", ListMergeRule.ByKey("topologyKey")),
        new(AnyKind, "spec/resourceClaims", ListMergeRule.ByKey("name")),
        new(AnyKind, "spec/schedulingGates", ListMergeRule.ByKey("name")),

        // Container fields, for all three kinds of container.
        .. InEveryContainerList("ports", ListMergeRule.ByKey("containerPort")),
        .. InEveryContainerList("env", ListMergeRule.ByKey("name")),
        .. InEveryContainerList("volumeMounts", ListMergeRule.ByKey("mountPath")),
        .. InEveryContainerList("volumeDevices", ListMergeRule.ByKey("devicePath")),

        // Status lists (Pod, Node, workloads, Job, Namespace, PVC, ...).
        new(AnyKind, "status/conditions", ListMergeRule.ByKey("type")),
        new(AnyKind, "status/podIPs", ListMergeRule.ByKey("ip")),
        new(AnyKind, "status/hostIPs", ListMergeRule.ByKey("ip")),
        new(AnyKind, "status/resourceClaimStatuses", ListMergeRule.ByKey("name")),
    ];

    /// <summary>The rule for the list at <paramref name="path"/> in an object of kind <paramref name="kind"/>.</summary>
    public static ListMergeRule ForList(string kind, string path)
    {
        foreach (var rule in Rules)
        {
            if (rule.Matches(kind, path))
            {
                return rule.Merge;
            }
        }

        return ListMergeRule.Replace;
    }

    /// <summary>Appends a field name to a path, escaping it the JSON-pointer way so map keys with '/' can't fake a match.</summary>
    public static string Child(string path, string field) =>
        path + "/" + field.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static IEnumerable<Rule> InEveryContainerList(string field, ListMergeRule merge) =>
        new[] { "containers", "initContainers", "ephemeralContainers" }
            .Select(list => new Rule(AnyKind, $"{list}/{field}", merge));

    private sealed record Rule(string Kind, string Pattern, ListMergeRule Merge)
    {
        public bool Matches(string kind, string path) =>
            (Kind == AnyKind || string.Equals(Kind, kind, StringComparison.Ordinal))
            && (Pattern.StartsWith('/')
                ? string.Equals(path, Pattern, StringComparison.Ordinal)
                : path.EndsWith("/" + Pattern, StringComparison.Ordinal));
    }
}
