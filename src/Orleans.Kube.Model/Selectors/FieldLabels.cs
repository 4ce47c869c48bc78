namespace Orleans.Kube.Model.Selectors;

/// <summary>
/// The fields each kind can be selected by (kube's per-kind field label conversions). Any other
/// field in a field selector is a 400 "field label not supported", not a selector matching nothing.
/// </summary>
public static class FieldLabels
{
    private static readonly string[] Common = ["metadata.name", "metadata.namespace"];

    private static readonly Dictionary<string, string[]> ByKind = new(StringComparer.Ordinal)
    {
        ["Pod"] =
        [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
        ],
        ["Event"] =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
            "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
        ],
        ["Node"] = ["spec.unschedulable"],
        ["Namespace"] = ["status.phase"],
        ["Secret"] = ["type"],
        ["Service"] = ["spec.clusterIP", "spec.type"],
        ["ReplicaSet"] = ["status.replicas"],
        ["Job"] = ["status.successful"],
    };

    /// <summary>Throws <see cref="SelectorException"/> for the first field <paramref name="kind"/> cannot be selected by.</summary>
    public static void Check(string kind, FieldSelector selector)
    {
        foreach (var (field, _, _) in selector.Requirements)
            if (!Common.Contains(field) && !(ByKind.TryGetValue(kind, out var fields) && fields.Contains(field)))
                throw new SelectorException($"field label not supported: {field}");
    }
}
