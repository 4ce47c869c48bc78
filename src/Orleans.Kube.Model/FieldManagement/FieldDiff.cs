using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.FieldManagement;

/// <summary>
/// The fields a write changed (structured-merge-diff's typed Compare): <see cref="Changed"/> holds what it added or
/// modified, <see cref="Removed"/> what it took away. An object or list element that appears or disappears is itself
/// a member (FieldsV1's "."), as are all its leaves. Stripped metadata (name, uid, managedFields, ...) never counts.
/// </summary>
public sealed class FieldDiff
{
    public FieldSet Changed { get; } = new();
    public FieldSet Removed { get; } = new();

    public bool IsEmpty => Changed.IsEmpty && Removed.IsEmpty;

    /// <summary>Compares <paramref name="old"/> (null: Go's zero value of the kind, as on create) with <paramref name="next"/>.</summary>
    public static FieldDiff Compare(JsonObject? old, JsonObject next, string kind)
    {
        var diff = new FieldDiff();
        new Walker(kind, diff, ObjectsAreMembers: true).Fields(old, next, "", "");
        return diff;
    }

    /// <summary>
    /// The fields an applied configuration sets (structured-merge-diff's ToFieldSet): its leaves, empty objects and
    /// list elements, but not the objects that hold other fields.
    /// </summary>
    public static FieldSet Applied(JsonObject applied, string kind)
    {
        var diff = new FieldDiff();
        new Walker(kind, diff, ObjectsAreMembers: false).Fields(null, applied, "", "");
        return diff.Changed;
    }

    /// <summary>The members under the top-level field <paramref name="field"/> (e.g. status), and the rest.</summary>
    public static (FieldSet Inside, FieldSet Outside) Split(FieldSet set, string field)
    {
        var inside = new FieldSet();
        var outside = new FieldSet();
        var prefix = "f:" + field;
        foreach (var path in set.Paths)
            (path == prefix || path.StartsWith(prefix + "\n", StringComparison.Ordinal) ? inside : outside).Add(path);
        return (inside, outside);
    }

    private sealed class Walker(string kind, FieldDiff diff, bool ObjectsAreMembers)
    {
        /// <summary>Both sides of an object's fields; <paramref name="names"/> is the dotted field path for the schema rules.</summary>
        public void Fields(JsonObject? a, JsonObject? b, string path, string names)
        {
            foreach (var (field, value) in b ?? [])
                if (value is not null)
                    Value(a?[field], value, path, field, names);
            foreach (var (field, value) in a ?? [])
                if (value is not null && b?[field] is null)
                    Value(value, null, path, field, names);
        }

        private void Value(JsonNode? a, JsonNode? b, string parent, string field, string parentNames)
        {
            // Most of an object is unchanged by most writes: skip equal subtrees before building their paths.
            if (a is not null && b is not null && JsonNode.DeepEquals(a, b))
                return;
            var names = parentNames.Length == 0 ? field : parentNames + "." + field;
            if (FieldSchema.IsStripped(names))
                return;
            var path = FieldSet.Child(parent, "f:" + field);
            if (FieldSchema.IsAlwaysPresent(names) && (a ?? b) is JsonObject)
            {
                Fields(a as JsonObject, b as JsonObject, path, names);
                return;
            }
            if (FieldSchema.IsAlwaysPresent(names) && (a ?? b) is JsonArray)
            {
                // An empty list in the zero value: its elements come and go, the list itself never does.
                Node(a ?? new JsonArray(), b ?? new JsonArray(), path, field, names);
                return;
            }
            Node(a, b, path, field, names);
        }

        private void Node(JsonNode? a, JsonNode? b, string path, string field, string names)
        {
            if (a is not null && b is not null && a.GetValueKind() != b.GetValueKind() && !(a is JsonValue && b is JsonValue))
            {
                Node(a, null, path, field, names);
                Node(null, b, path, field, names);
                return;
            }
            if ((a ?? b) is JsonObject && !FieldSchema.IsAtomicObject(field, names, kind))
            {
                Fields(a as JsonObject, b as JsonObject, path, names);
                if (ObjectsAreMembers || ((a ?? b) as JsonObject)!.Count == 0)
                    Container(a, b, path);
                return;
            }
            if ((a ?? b) is JsonArray)
            {
                var (before, after) = (a as JsonArray, b as JsonArray);
                var keys = FieldSchema.ListKeys(field, names, kind, before, after);
                if (keys is not null || FieldSchema.IsSet(field, before, after))
                {
                    Elements(before, after, keys, path, names);
                    Container(a, b, path);
                    return;
                }
            }
            if (a is null) diff.Changed.Add(path);
            else if (b is null) diff.Removed.Add(path);
            else if (!JsonNode.DeepEquals(a, b)) diff.Changed.Add(path);
        }

        private void Elements(JsonArray? a, JsonArray? b, string[]? keys, string path, string names)
        {
            var before = FieldSchema.Elements(a, keys);
            var after = FieldSchema.Elements(b, keys);
            foreach (var (id, element) in after)
                Element(before.GetValueOrDefault(id), element, FieldSet.Child(path, id), keys is not null, names);
            foreach (var (id, element) in before)
                if (!after.ContainsKey(id))
                    Element(element, null, FieldSet.Child(path, id), keys is not null, names);
        }

        private void Element(JsonNode? a, JsonNode? b, string path, bool keyed, string names)
        {
            if (keyed)
            {
                Fields(a as JsonObject, b as JsonObject, path, names);
                Container(a, b, path);
            }
            else if (a is null) diff.Changed.Add(path);
            else if (b is null) diff.Removed.Add(path);
        }

        /// <summary>An object or element that appears or goes is a member itself, beside its leaves.</summary>
        private void Container(JsonNode? a, JsonNode? b, string path)
        {
            if (a is null) diff.Changed.Add(path);
            else if (b is null) diff.Removed.Add(path);
        }
    }
}
