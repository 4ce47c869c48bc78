using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.FieldManagement;

/// <summary>
/// metadata.managedFields as kube-apiserver keeps it (k8s.io/apimachinery managedfields): every write records
/// which fields it changed under its manager. An Update (create, PUT, JSON/merge/strategic patch) takes the fields
/// it added or modified from every other manager and adds them to its own entry, one per manager, API version and
/// subresource, whose time moves on each change; fields it removed leave every entry. Applies are recorded by
/// <see cref="ServerSideApply"/> through <see cref="RecordApply"/>.
/// </summary>
public static class ManagedFields
{
    public static List<ManagedFieldsEntry> Read(JsonObject obj) =>
        (obj["metadata"]?["managedFields"] as JsonArray)?.Select(ManagedFieldsEntry.Read).OfType<ManagedFieldsEntry>().ToList() ?? [];

    /// <summary>
    /// Records an Update by <paramref name="manager"/> that turned <paramref name="old"/> (null on create) into
    /// <paramref name="next"/>. Status changes of a kind with a status subresource go to the manager's
    /// <c>subresource: status</c> entry, the rest to <paramref name="subresource"/>'s ("" for the main resource, "scale").
    /// managedFields the request itself carries replace the live ones (how csaupgrade migrates an owner), <c>[{}]</c> clears them.
    /// </summary>
    public static void RecordUpdate(JsonObject? old, JsonObject next, string manager, ResourceKind kind, string subresource, DateTimeOffset now)
    {
        var carriesLive = JsonNode.DeepEquals(old?["metadata"]?["managedFields"], next["metadata"]?["managedFields"]);
        var requested = carriesLive ? null : RequestedEntries(next, subresource);
        var diff = FieldDiff.Compare(old, next, kind.Kind);
        if (diff.IsEmpty && requested is null)
        {
            // Nothing changed hands: keep the live entries exactly (a no-op write stays a no-op).
            if (carriesLive)
                return;
            if (old?["metadata"]?["managedFields"] is { } live)
                next.Metadata()["managedFields"] = live.DeepClone();
            else
                next.Metadata().Remove("managedFields");
            return;
        }
        // The usual write carries the live entries unchanged (a clone of the object): reading them from next lets the
        // untouched ones move over without a copy.
        var entries = requested ?? (old is null ? [] : carriesLive ? Read(next) : Read(old));
        if (!diff.IsEmpty)
        {
            TakeFrom(entries, diff);
            var (status, rest) = kind.HasStatus ? FieldDiff.Split(diff.Changed, "status") : (new FieldSet(), diff.Changed);
            Own(entries, manager, "status", status, kind.ApiVersion, now);
            Own(entries, manager, subresource, rest, kind.ApiVersion, now);
        }
        Write(next, entries);
    }

    /// <summary>
    /// Records an apply: fields it changed or removed leave the other managers (a conflict was refused or forced
    /// before), and the applier's entry becomes the applied set. Its time only moves when that set changes.
    /// </summary>
    public static void RecordApply(JsonObject obj, FieldDiff diff, FieldSet applied, string manager, string apiVersion, DateTimeOffset now)
    {
        var entries = Read(obj);
        var own = entries.Find(e => e.Is(manager, ManagedFieldsEntry.Apply, "", apiVersion));
        var unchanged = own is not null && own.Fields.SetEquals(applied) && own.ApiVersion == apiVersion;
        TakeFrom(entries, diff);
        if (own is null)
            entries.Add(own = new ManagedFieldsEntry { Manager = manager, Operation = ManagedFieldsEntry.Apply, ApiVersion = apiVersion, Fields = applied });
        own.Fields = applied;
        own.ApiVersion = apiVersion;
        if (!unchanged)
            own.Time = Timestamp(now);
        Write(obj, entries);
    }

    /// <summary>The entries other than the applier's own that own a field the apply changes: kube's conflicts.</summary>
    public static List<ServerSideApply.Conflict> Conflicts(JsonObject live, FieldDiff diff, string manager)
    {
        var conflicts = new List<ServerSideApply.Conflict>();
        foreach (var entry in Read(live))
        {
            if (entry.Is(manager, ManagedFieldsEntry.Apply, "", entry.ApiVersion))
                continue;
            foreach (var path in entry.Fields.Intersect(diff.Changed).Paths.Order(StringComparer.Ordinal))
                conflicts.Add(new ServerSideApply.Conflict(entry.Printed, FieldSet.Describe(path), path));
        }
        return conflicts;
    }

    /// <summary>Fields a write changed or removed leave every entry; entries owning none of them stay as stored.</summary>
    private static void TakeFrom(List<ManagedFieldsEntry> entries, FieldDiff diff)
    {
        foreach (var entry in entries)
        {
            if (entry.OwnsAny(diff.Changed))
                entry.Fields.ExceptWith(diff.Changed);
            if (entry.OwnsAny(diff.Removed))
                entry.Fields.ExceptWith(diff.Removed);
        }
    }

    /// <summary>The entries a request body carries in place of the live ones, or null (none, or a subresource write, or undecodable).</summary>
    private static List<ManagedFieldsEntry>? RequestedEntries(JsonObject next, string subresource)
    {
        if (subresource.Length > 0 || next["metadata"]?["managedFields"] is not JsonArray { Count: > 0 } requested)
            return null;
        if (requested is [JsonObject { Count: 0 }])
            return [];
        var entries = requested.Select(ManagedFieldsEntry.Read).ToList();
        return entries.Contains(null) ? null : entries.OfType<ManagedFieldsEntry>().ToList();
    }

    private static void Own(List<ManagedFieldsEntry> entries, string manager, string subresource, FieldSet fields, string apiVersion, DateTimeOffset now)
    {
        if (fields.IsEmpty)
            return;
        var entry = entries.Find(e => e.Is(manager, ManagedFieldsEntry.Update, subresource, apiVersion));
        if (entry is null)
            entries.Add(entry = new ManagedFieldsEntry { Manager = manager, Operation = ManagedFieldsEntry.Update, ApiVersion = apiVersion, Subresource = subresource, Fields = new FieldSet() });
        entry.Fields.UnionWith(fields);
        entry.Time = Timestamp(now);
    }

    /// <summary>Writes the entries that still own something, in kube's order (Apply first, then oldest first).</summary>
    private static void Write(JsonObject obj, List<ManagedFieldsEntry> entries)
    {
        var kept = entries.Where(e => !e.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time ?? "", StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource, StringComparer.Ordinal)
            .ToList();
        var current = obj["metadata"]?["managedFields"] as JsonArray;
        var nodes = kept.Select(e => (JsonNode)e.ToJson(current)).ToArray();
        current?.Clear();
        if (nodes.Length == 0)
            obj.Metadata().Remove("managedFields");
        else
            obj.Metadata()["managedFields"] = new JsonArray(nodes);
    }

    private static string Timestamp(DateTimeOffset now) => ObjectMeta.Timestamp(now);
}
