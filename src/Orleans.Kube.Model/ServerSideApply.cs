using System.Text.Json.Nodes;
using Orleans.Kube.Model.FieldManagement;
using Orleans.Kube.Model.Patching;

namespace Orleans.Kube.Model;

/// <summary>
/// Server-side apply between field managers: the applied configuration is merged onto the live object; fields this
/// manager applied before, no longer applies and no other manager owns are removed. Ownership lives in
/// metadata.managedFields (<see cref="ManagedFields"/>): a field the apply changes that another manager owns, by
/// Apply or Update, is a conflict unless forced, which moves the field to the applier. kubectl's own applies also
/// carry a client-side apply history over (kube's lastAppliedManager and lastAppliedUpdater).
/// </summary>
public static class ServerSideApply
{
    /// <summary>The annotation client-side <c>kubectl apply</c> keeps its last configuration in.</summary>
    public const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>kubectl's field manager for server-side apply; only its applies touch the client-side apply history.</summary>
    public const string KubectlManager = "kubectl";

    /// <summary>A field another manager owns that the apply changes: <c>conflict with "alice": .data.owner</c>.</summary>
    public sealed record Conflict(string Manager, string Path, string FieldPath);

    public static JsonObject Merge(JsonObject live, JsonObject applied, string manager, ResourceKind kind)
    {
        var merged = (JsonObject)StrategicMergePatch.Apply(live.DeepClone(), applied, kind.Kind)!;
        var entries = ManagedFields.Read(live);
        if (entries.Find(e => e.Is(manager, ManagedFieldsEntry.Apply, "", e.ApiVersion)) is { } previous)
        {
            var others = new FieldSet();
            foreach (var entry in entries.Where(e => e != previous))
                others.UnionWith(entry.Fields);
            RemoveDropped(merged, previous.Fields.ToFieldsV1(), FieldDiff.Applied(applied, kind.Kind).ToFieldsV1(), others.ToFieldsV1());
        }
        return merged;
    }

    /// <summary>kube's message: "Apply failed with 1 conflict: conflict with "alice": .data.owner", grouped by manager when several.</summary>
    public static string ConflictMessage(IReadOnlyList<Conflict> conflicts)
    {
        if (conflicts.Count == 1)
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager}: {conflicts[0].Path}";
        var lines = conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => new[] { $"conflicts with {g.Key}:" }.Concat(g.Select(c => $"- {c.Path}")));
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }

    /// <summary>
    /// kube's lastAppliedManager: kubectl taking over an object it managed by client-side apply may change fields
    /// whose live values still equal the last-applied configuration without conflict; the other conflicts remain.
    /// </summary>
    public static List<Conflict> WithoutLastAppliedConflicts(JsonObject live, IReadOnlyList<Conflict> conflicts, string manager, ResourceKind kind)
    {
        if (manager != KubectlManager || conflicts.Count == 0 || LastApplied(live) is not { } lastApplied
            || lastApplied.GetString("apiVersion") != kind.ApiVersion)
            return [.. conflicts];
        var allowed = FieldDiff.Applied(lastApplied, kind.Kind);
        var differences = FieldDiff.Compare(lastApplied, live, kind.Kind);
        allowed.ExceptWith(differences.Changed);
        allowed.ExceptWith(differences.Removed);
        return conflicts.Where(c => !allowed.Contains(c.FieldPath)).ToList();
    }

    /// <summary>
    /// kube's lastAppliedUpdater: kubectl's server-side apply keeps an existing last-applied annotation equal to
    /// the applied configuration, so a later client-side apply computes its patch from the right base.
    /// </summary>
    public static void RefreshLastApplied(JsonObject obj, JsonObject live, JsonObject applied, string manager)
    {
        if (manager != KubectlManager || live["metadata"]?["annotations"]?[LastAppliedAnnotation] is null)
            return;
        var configuration = (JsonObject)applied.DeepClone();
        if (configuration["metadata"]?["annotations"] is JsonObject annotations)
        {
            annotations.Remove(LastAppliedAnnotation);
            if (annotations.Count == 0)
                ((JsonObject)configuration["metadata"]!).Remove("annotations");
        }
        var target = obj.Metadata()["annotations"] as JsonObject ?? new JsonObject();
        target[LastAppliedAnnotation] = configuration.ToJsonString();
        obj.Metadata()["annotations"] = target;
    }

    private static JsonObject? LastApplied(JsonObject obj)
    {
        try
        {
            return obj["metadata"]?["annotations"].GetString(LastAppliedAnnotation) is { Length: > 0 } text ? JsonNode.Parse(text) as JsonObject : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static JsonNode? Step(JsonNode? value, string id) =>
        id.StartsWith("f:", StringComparison.Ordinal) && value is JsonObject obj ? obj[id[2..]]
        : id.StartsWith("k:", StringComparison.Ordinal) && value is JsonArray list ? list.OfType<JsonObject>().FirstOrDefault(e => Matches(e, id[2..]))
        : null;

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
            else if (id.StartsWith("v:", StringComparison.Ordinal) && target is JsonArray values)
            {
                if (nowChild is null && values.FirstOrDefault(v => FieldSchema.ValueId(v) == id) is { } value)
                    values.Remove(value);
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

    private static bool Matches(JsonObject element, string keyJson) =>
        JsonNode.Parse(keyJson) is JsonObject key && key.All(p => JsonNode.DeepEquals(element[p.Key], p.Value));
}
