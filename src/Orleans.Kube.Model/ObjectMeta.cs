using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>Reads and writes metadata fields of an object held as a JsonObject.</summary>
public static class ObjectMeta
{
    public static JsonObject Metadata(this JsonObject obj)
    {
        if (obj["metadata"] is JsonObject meta)
            return meta;
        meta = new JsonObject();
        obj["metadata"] = meta;
        return meta;
    }

    public static string? GetString(this JsonNode? node, string property) =>
        node is JsonObject o && o[property] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string? Name(this JsonObject obj) => obj["metadata"].GetString("name");
    public static string? Namespace(this JsonObject obj) => obj["metadata"].GetString("namespace");
    public static string? Uid(this JsonObject obj) => obj["metadata"].GetString("uid");
    public static string? ResourceVersion(this JsonObject obj) => obj["metadata"].GetString("resourceVersion");
    public static string? DeletionTimestamp(this JsonObject obj) => obj["metadata"].GetString("deletionTimestamp");

    public static List<string> Finalizers(this JsonObject obj) =>
        obj["metadata"]?["finalizers"] is JsonArray list
            ? list.Select(f => f?.GetValue<string>()).OfType<string>().ToList()
            : [];

    public static void SetFinalizers(this JsonObject obj, IEnumerable<string> finalizers)
    {
        var list = finalizers.ToList();
        if (list.Count == 0)
            obj.Metadata().Remove("finalizers");
        else
            obj.Metadata()["finalizers"] = new JsonArray(list.Select(f => (JsonNode)f).ToArray());
    }

    public static Dictionary<string, string> Labels(this JsonObject obj) => StringMap(obj["metadata"]?["labels"]);

    public static Dictionary<string, string> Annotations(this JsonObject obj) => StringMap(obj["metadata"]?["annotations"]);

    public static Dictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject map
            ? map.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.ToString())
            : [];

    /// <summary>The uids this object's ownerReferences name.</summary>
    public static List<string> OwnerUids(this JsonObject obj) =>
        obj["metadata"]?["ownerReferences"] is JsonArray refs
            ? refs.Select(r => r.GetString("uid")).OfType<string>().ToList()
            : [];

    /// <summary>RFC 3339 in UTC with second precision, as kube-apiserver writes timestamps.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
}
