using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.FieldManagement;

/// <summary>
/// How a JSON value maps onto structured-merge-diff path elements, the few type facts field ownership needs:
/// which lists are associative (elements named <c>k:{"name":"web"}</c>) or sets (<c>v:"finalizer"</c>), which
/// objects are atomic (a LabelSelector is owned as a whole), and which objects always exist in Go's zero value
/// of the kind (metadata, spec, a template's spec: kube never records their appearance with ".").
/// Everything else follows the JSON: objects are granular, other lists atomic.
/// </summary>
public static class FieldSchema
{
    /// <summary>
    /// The associative lists (x-kubernetes-list-type: map, or a patch merge key) by field name and their keys, as
    /// k8s.io/api declares them; every other list of objects is atomic. "ports" is a container's or a Service's only.
    /// </summary>
    private static readonly Dictionary<string, string[]> MapLists = new(StringComparer.Ordinal)
    {
        ["ownerReferences"] = ["uid"],
        ["containers"] = ["name"], ["initContainers"] = ["name"], ["ephemeralContainers"] = ["name"],
        ["volumes"] = ["name"], ["imagePullSecrets"] = ["name"], ["resourceClaims"] = ["name"], ["schedulingGates"] = ["name"],
        ["hostAliases"] = ["ip"], ["topologySpreadConstraints"] = ["topologyKey", "whenUnsatisfiable"],
        ["env"] = ["name"], ["volumeMounts"] = ["mountPath"], ["volumeDevices"] = ["devicePath"],
        ["conditions"] = ["type"], ["podIPs"] = ["ip"], ["hostIPs"] = ["ip"], ["addresses"] = ["type"],
        ["secrets"] = ["name"], ["resourceClaimStatuses"] = ["name"],
    };

    /// <summary>LabelSelectors are x-kubernetes-map-type: atomic.</summary>
    private static readonly HashSet<string> AtomicObjects = ["selector", "podSelector", "namespaceSelector", "labelSelector"];

    /// <summary>
    /// Non-pointer structs and non-omitempty lists of the kinds' Go types (present, if empty, in the zero value), by
    /// their field names from the object root.
    /// </summary>
    private static readonly HashSet<string> AlwaysPresent =
    [
        "metadata", "spec", "status", "spec.containers", "spec.template.spec.containers", "spec.jobTemplate.spec.template.spec.containers",
        "spec.template", "spec.template.metadata", "spec.template.spec", "spec.strategy", "spec.updateStrategy",
        "spec.jobTemplate", "spec.jobTemplate.spec", "spec.jobTemplate.spec.template", "spec.jobTemplate.spec.template.metadata",
        "spec.jobTemplate.spec.template.spec",
    ];

    /// <summary>Go's omitted identity and bookkeeping fields, never owned by anyone (kube's stripMetaManager).</summary>
    public static bool IsStripped(string fieldPath) => fieldPath is "apiVersion" or "kind" or "metadata.name" or "metadata.namespace"
        or "metadata.creationTimestamp" or "metadata.selfLink" or "metadata.uid" or "metadata.generation" or "metadata.managedFields"
        or "metadata.resourceVersion";

    public static bool IsAlwaysPresent(string fieldPath) => AlwaysPresent.Contains(fieldPath);

    /// <summary>An object owned as one leaf: a LabelSelector, but not a Service's (or ReplicationController's) selector map.</summary>
    public static bool IsAtomicObject(string field, string fieldPath, string kind) =>
        AtomicObjects.Contains(field) && !(fieldPath == "spec.selector" && kind is "Service" or "ReplicationController");

    /// <summary>The key fields of an associative list (sorted, as kube prints them), or null when it is atomic or a set.</summary>
    public static string[]? ListKeys(string field, string fieldPath, string kind, JsonArray? a, JsonArray? b)
    {
        if (!AllObjects(a) || !AllObjects(b))
            return null;
        var keys = field == "ports"
            ? HaveAll(a, "containerPort") && HaveAll(b, "containerPort") ? ["containerPort", "protocol"]
              : kind == "Service" && fieldPath == "spec.ports" ? ["port", "protocol"] : null
            : MapLists.GetValueOrDefault(field);
        if (keys is null)
            return null;
        // A key every element lacks (a port's defaulted protocol before defaulting) identifies nothing; the rest must be there.
        keys = keys.Where(k => !(LacksAll(a, k) && LacksAll(b, k))).ToArray();
        return keys.Length > 0 && keys.All(k => HaveAll(a, k) && HaveAll(b, k)) ? keys.Order(StringComparer.Ordinal).ToArray() : null;
    }

    /// <summary>metadata.finalizers is x-kubernetes-list-type: set.</summary>
    public static bool IsSet(string field, JsonArray? a, JsonArray? b) =>
        field == "finalizers" && AllScalars(a) && AllScalars(b);

    /// <summary>The path element of an associative list's element: <c>k:{"containerPort":80,"protocol":"TCP"}</c>.</summary>
    public static string ElementId(string[] keys, JsonObject element)
    {
        var key = new JsonObject();
        foreach (var name in keys)
            key[name] = element[name]?.DeepClone();
        return "k:" + key.ToJsonString(KubeJson.Options);
    }

    /// <summary>The path element of a set's value: <c>v:"example.com/cleanup"</c>.</summary>
    public static string ValueId(JsonNode? value) => "v:" + (value?.ToJsonString(KubeJson.Options) ?? "null");

    /// <summary>The elements of an associative list or set, by path element (the first of duplicates wins).</summary>
    public static Dictionary<string, JsonNode?> Elements(JsonArray? list, string[]? keys)
    {
        var elements = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var element in list ?? [])
            elements.TryAdd(keys is null ? ValueId(element) : ElementId(keys, (JsonObject)element!), element);
        return elements;
    }

    private static bool AllObjects(JsonArray? list) => list is null || list.All(e => e is JsonObject);

    private static bool AllScalars(JsonArray? list) => list is null || list.All(e => e is JsonValue);

    private static bool HaveAll(JsonArray? list, string key) => list is null || list.All(e => ((JsonObject)e!).ContainsKey(key));

    private static bool LacksAll(JsonArray? list, string key) => list is null || list.All(e => !((JsonObject)e!).ContainsKey(key));
}
