using System.Text.Json.Nodes;
using Orleans.Kube.Model.Patching;

namespace Orleans.Kube.Model;

/// <summary>
/// Server-side apply between field managers: the applied configuration is merged onto the live
/// object; fields this manager applied before, no longer applies and no other manager owns are
/// removed. Ownership is recorded in metadata.managedFields in the FieldsV1 shape ("f:spec",
/// "k:{"name":"web"}"). Applying a different value to a field another manager owns is a conflict
/// unless forced, which moves the field to the applier. Update operations record no ownership yet.
/// </summary>
public static class ServerSideApply
{
    /// <summary>A field another manager owns with a different value: <c>conflict with "alice": .data.owner</c>.</summary>
    public sealed record Conflict(string Manager, string Path);

    /// <summary>List elements are identified by the first of these fields that every element has.</summary>
    private static readonly string[] ElementKeys = ["name", "containerPort", "port", "mountPath", "devicePath", "ip", "uid", "type", "topologyKey"];

    public static JsonObject Merge(JsonObject live, JsonObject applied, string manager, ResourceKind kind)
    {
        var merged = (JsonObject)StrategicMergePatch.Apply(live.DeepClone(), applied, kind.Kind)!;
        var previous = ManagedBy(live, manager);
        if (previous is not null)
            RemoveDropped(merged, previous, FieldsOf(applied), OwnedByOthers(live, manager));
        return merged;
    }

    /// <summary>Fields of <paramref name="applied"/> that other managers own and whose live value differs.</summary>
    public static List<Conflict> Conflicts(JsonObject live, JsonObject applied, string manager)
    {
        var conflicts = new List<Conflict>();
        var leaves = new List<(List<string> Ids, JsonNode? Value)>();
        CollectLeaves(FieldsOf(applied), applied, [], leaves);
        foreach (var entry in Entries(live).Where(e => e.GetString("manager") != manager))
        {
            if (entry["fieldsV1"] is not JsonObject owned)
                continue;
            foreach (var (ids, value) in leaves)
                if (Find(owned, ids) is not null && !JsonNode.DeepEquals(ValueAt(live, ids), value))
                    conflicts.Add(new Conflict(entry.GetString("manager") ?? "", PathOf(ids)));
        }
        return conflicts;
    }

    /// <summary>kube's message: "Apply failed with 1 conflict: conflict with "alice": .data.owner", grouped by manager when several.</summary>
    public static string ConflictMessage(IReadOnlyList<Conflict> conflicts)
    {
        if (conflicts.Count == 1)
            return $"Apply failed with 1 conflict: conflict with \"{conflicts[0].Manager}\": {conflicts[0].Path}";
        var lines = conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => new[] { $"conflicts with \"{g.Key}\":" }.Concat(g.Select(c => $"- {c.Path}")));
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }

    /// <summary>--force-conflicts: the conflicting fields leave their other owners (entries left owning nothing go).</summary>
    public static void TakeOver(JsonObject obj, IReadOnlyList<Conflict> conflicts, JsonObject applied)
    {
        if (conflicts.Count == 0 || obj["metadata"]?["managedFields"] is not JsonArray entries)
            return;
        var leaves = new List<(List<string> Ids, JsonNode? Value)>();
        CollectLeaves(FieldsOf(applied), applied, [], leaves);
        foreach (var entry in entries.OfType<JsonObject>().ToList())
        {
            if (entry["fieldsV1"] is not JsonObject owned || !conflicts.Any(c => c.Manager == entry.GetString("manager")))
                continue;
            foreach (var (ids, _) in leaves.Where(l => conflicts.Any(c => c.Manager == entry.GetString("manager") && c.Path == PathOf(l.Ids))))
                RemovePath(owned, ids);
            if (owned.Count == 0)
                entries.Remove(entry);
        }
    }

    private static IEnumerable<JsonObject> Entries(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray)?.OfType<JsonObject>() ?? [];

    /// <summary>The union of every other manager's FieldsV1.</summary>
    private static JsonObject OwnedByOthers(JsonObject live, string manager)
    {
        var union = new JsonObject();
        foreach (var entry in Entries(live).Where(e => e.GetString("manager") != manager))
            if (entry["fieldsV1"] is JsonObject owned)
                Union(union, owned);
        return union;
    }

    private static void Union(JsonObject into, JsonObject from)
    {
        foreach (var (id, child) in from)
        {
            if (into[id] is not JsonObject existing)
                into[id] = existing = new JsonObject();
            if (child is JsonObject sub)
                Union(existing, sub);
        }
    }

    /// <summary>The leaves of a FieldsV1 set (empty objects) with the applied value at each.</summary>
    private static void CollectLeaves(JsonObject fields, JsonNode? value, List<string> ids, List<(List<string>, JsonNode?)> leaves)
    {
        foreach (var (id, child) in fields)
        {
            var path = new List<string>(ids) { id };
            var childValue = Step(value, id);
            if (child is JsonObject { Count: > 0 } sub)
                CollectLeaves(sub, childValue, path, leaves);
            else
                leaves.Add((path, childValue));
        }
    }

    private static JsonNode? Step(JsonNode? value, string id) =>
        id.StartsWith("f:", StringComparison.Ordinal) && value is JsonObject obj ? obj[id[2..]]
        : id.StartsWith("k:", StringComparison.Ordinal) && value is JsonArray list ? list.OfType<JsonObject>().FirstOrDefault(e => Matches(e, id[2..]))
        : null;

    private static JsonNode? ValueAt(JsonObject obj, List<string> ids)
    {
        JsonNode? value = obj;
        foreach (var id in ids)
            value = Step(value, id);
        return value;
    }

    private static JsonObject? Find(JsonObject fields, List<string> ids)
    {
        JsonObject? node = fields;
        foreach (var id in ids)
        {
            node = node[id] as JsonObject;
            if (node is null)
                return null;
        }
        return node;
    }

    private static void RemovePath(JsonObject fields, List<string> ids)
    {
        if (ids.Count == 0 || fields[ids[0]] is not JsonObject child)
            return;
        if (ids.Count == 1)
            fields.Remove(ids[0]);
        else
        {
            RemovePath(child, ids[1..]);
            if (child.Count == 0)
                fields.Remove(ids[0]);
        }
    }

    /// <summary>A field path as kube prints it: .spec.containers[name="web"].image.</summary>
    private static string PathOf(List<string> ids) =>
        string.Concat(ids.Select(id => id.StartsWith("f:", StringComparison.Ordinal) ? "." + id[2..]
            : JsonNode.Parse(id[2..]) is JsonObject key ? "[" + string.Join(",", key.Select(p => $"{p.Key}={p.Value?.ToJsonString()}")) + "]"
            : id));

    public static void RecordOwnership(JsonObject obj, JsonObject applied, string manager, string apiVersion)
    {
        var meta = obj.Metadata();
        var entries = meta["managedFields"] as JsonArray ?? new JsonArray();
        var fields = FieldsOf(applied);
        var stale = entries.OfType<JsonObject>().FirstOrDefault(e => e.GetString("manager") == manager && e.GetString("operation") == "Apply");
        // An unchanged set keeps its time, so re-applying the same configuration is a no-op write.
        var time = stale is not null && JsonNode.DeepEquals(stale["fieldsV1"], fields) && stale.GetString("apiVersion") == apiVersion
            ? stale["time"]?.DeepClone()
            : ObjectMeta.Timestamp(DateTimeOffset.UtcNow);
        var entry = new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Apply",
            ["apiVersion"] = apiVersion,
            ["time"] = time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fields,
        };
        if (stale is not null)
            entries[entries.IndexOf(stale)] = entry;
        else
            entries.Add(entry);
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

    /// <summary>
    /// Removes from <paramref name="target"/> every field in <paramref name="before"/> that
    /// <paramref name="now"/> lacks, unless another manager (<paramref name="others"/>) owns it or part of it.
    /// </summary>
    private static void RemoveDropped(JsonNode? target, JsonObject before, JsonObject now, JsonObject? others)
    {
        foreach (var (id, beforeChild) in before)
        {
            var nowChild = now[id] as JsonObject;
            var otherChild = others?[id] as JsonObject;
            if (nowChild is null && otherChild is not null)
            {
                // Shared: keep it, but drop the parts only this manager owned.
                if (beforeChild is JsonObject { Count: > 0 } sub && otherChild.Count > 0)
                    RemoveDropped(Step(target, id), sub, new JsonObject(), otherChild);
                continue;
            }
            if (id.StartsWith("f:", StringComparison.Ordinal) && target is JsonObject obj)
            {
                var field = id[2..];
                if (nowChild is null) obj.Remove(field);
                else if (beforeChild is JsonObject { Count: > 0 } sub) RemoveDropped(obj[field], sub, nowChild, otherChild);
            }
            else if (id.StartsWith("k:", StringComparison.Ordinal) && target is JsonArray list)
            {
                var element = list.OfType<JsonObject>().FirstOrDefault(e => Matches(e, id[2..]));
                if (element is null) continue;
                if (nowChild is null) list.Remove(element);
                else if (beforeChild is JsonObject { Count: > 0 } sub) RemoveDropped(element, sub, nowChild, otherChild);
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
