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
    /// <summary>List elements are identified by the first of these fields that every element has (plus protocol for ports).</summary>
    private static readonly string[] ElementKeys = ["name", "containerPort", "port", "mountPath", "devicePath", "ip", "uid", "type", "topologyKey"];

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
    public static string[]? ListKeys(string field, JsonArray? a, JsonArray? b)
    {
        if (field == "finalizers" || !AllObjects(a) || !AllObjects(b) || (a is not { Count: > 0 } && b is not { Count: > 0 }))
            return null;
        var key = ElementKeys.FirstOrDefault(k => HaveAll(a, k) && HaveAll(b, k));
        if (key is null)
            return null;
        // Ports are keyed by number and protocol (x-kubernetes-list-map-keys).
        return key is "containerPort" or "port" && HaveAll(a, "protocol") && HaveAll(b, "protocol") ? [key, "protocol"] : [key];
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
}
