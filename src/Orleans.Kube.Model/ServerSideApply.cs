using System.Text.Json.Nodes;
using Orleans.Kube.Model.Patching;

namespace Orleans.Kube.Model;

/// <summary>
/// Server-side apply for one field manager: the applied configuration is merged onto the live
/// object, and fields this manager applied before but no longer applies are removed. Ownership
/// is recorded in metadata.managedFields in the FieldsV1 shape ("f:spec", "k:{"name":"web"}").
/// Conflicts between several managers are not detected yet.
/// </summary>
public static class ServerSideApply
{
    /// <summary>List elements are identified by the first of these fields that every element has.</summary>
    private static readonly string[] ElementKeys = ["name", "containerPort", "port", "mountPath", "devicePath", "ip", "uid", "type", "topologyKey"];

    public static JsonObject Merge(JsonObject live, JsonObject applied, string manager, ResourceKind kind)
    {
        var merged = (JsonObject)StrategicMergePatch.Apply(live.DeepClone(), applied, kind.Kind)!;
        var previous = ManagedBy(live, manager);
        if (previous is not null)
            RemoveDropped(merged, previous, FieldsOf(applied));
        return merged;
    }

    public static void RecordOwnership(JsonObject obj, JsonObject applied, string manager, string apiVersion)
    {
        var meta = obj.Metadata();
        var entries = meta["managedFields"] as JsonArray ?? new JsonArray();
        foreach (var stale in entries.OfType<JsonObject>().Where(e => e.GetString("manager") == manager && e.GetString("operation") == "Apply").ToList())
            entries.Remove(stale);
        entries.Add(new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = apiVersion,
            ["time"] = ObjectMeta.Timestamp(DateTimeOffset.UtcNow),
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = FieldsOf(applied),
        });
        meta["managedFields"] = entries;
    }

    private static JsonObject? ManagedBy(JsonObject live, string manager) =>
        (live["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(e => e.GetString("manager") == manager && e.GetString("operation") == "Apply")?["fieldsV1"] as JsonObject;

    /// <summary>The FieldsV1 set of an applied configuration (identity fields excluded).</summary>
    public static JsonObject FieldsOf(JsonObject applied)
    {
        var fields = new JsonObject();
        foreach (var (key, value) in applied)
        {
            if (key is "apiVersion" or "kind")
                continue;
            fields["f:" + key] = FieldsOfValue(value);
        }
        return fields;
    }

    private static JsonObject FieldsOfValue(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                var fields = new JsonObject();
                foreach (var (key, child) in obj)
                    fields["f:" + key] = FieldsOfValue(child);
                return fields;
            case JsonArray list when ElementKey(list) is { } key:
                var elements = new JsonObject();
                foreach (var element in list.OfType<JsonObject>())
                    elements[ElementId(key, element)] = FieldsOfValue(element);
                return elements;
            default:
                return new JsonObject();
        }
    }

    /// <summary>Removes from <paramref name="target"/> every field in <paramref name="before"/> that <paramref name="now"/> lacks.</summary>
    private static void RemoveDropped(JsonNode? target, JsonObject before, JsonObject now)
    {
        foreach (var (id, beforeChild) in before)
        {
            var nowChild = now[id] as JsonObject;
            if (id.StartsWith("f:", StringComparison.Ordinal) && target is JsonObject obj)
            {
                var field = id[2..];
                if (nowChild is null) obj.Remove(field);
                else if (beforeChild is JsonObject { Count: > 0 } sub) RemoveDropped(obj[field], sub, nowChild);
            }
            else if (id.StartsWith("k:", StringComparison.Ordinal) && target is JsonArray list)
            {
                var element = list.OfType<JsonObject>().FirstOrDefault(e => Matches(e, id[2..]));
                if (element is null) continue;
                if (nowChild is null) list.Remove(element);
                else if (beforeChild is JsonObject { Count: > 0 } sub) RemoveDropped(element, sub, nowChild);
            }
        }
    }

    private static string? ElementKey(JsonArray list) =>
        list.Count > 0 && list.All(e => e is JsonObject)
            ? ElementKeys.FirstOrDefault(k => list.All(e => ((JsonObject)e!).ContainsKey(k)))
            : null;

    private static string ElementId(string key, JsonObject element) =>
        "k:" + new JsonObject { [key] = element[key]?.DeepClone() }.ToJsonString();

    private static bool Matches(JsonObject element, string keyJson) =>
        JsonNode.Parse(keyJson) is JsonObject key && key.All(p => JsonNode.DeepEquals(element[p.Key], p.Value));
}
