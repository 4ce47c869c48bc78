using System.Text.Json.Nodes;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains.Tests;

/// <summary>The resource store in a dictionary: the same revisions and conflicts as PostgreSQL's, for in-process grain tests.</summary>
public sealed class InMemoryResourceStore : IResourceStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Resource, string Ns, string Name), (StoredObject Object, string[] Owners)> objects = [];
    private long revision;

    private readonly Dictionary<string, int> dependentLists = [];

    /// <summary>How many times the dependents of <paramref name="ownerUid"/> were listed: what a settled controller stops doing.</summary>
    public int DependentListsOf(string ownerUid)
    {
        lock (gate)
            return dependentLists.GetValueOrDefault(ownerUid);
    }

    public Task<StoredObject?> GetAsync(string resource, string ns, string name, CancellationToken ct = default)
    {
        lock (gate)
            return Task.FromResult(objects.TryGetValue((resource, ns, name), out var entry) ? entry.Object : null);
    }

    public Task<long> PutAsync(string resource, string ns, string name, string body, long expectedRevision, IReadOnlyList<string> ownerUids, CancellationToken ct = default)
    {
        lock (gate)
        {
            var current = objects.TryGetValue((resource, ns, name), out var entry) ? entry.Object.Revision : 0;
            if (current != expectedRevision)
                throw new StoreConflictException($"{resource} {ns}/{name} changed since revision {expectedRevision}");
            objects[(resource, ns, name)] = (new StoredObject(resource, ns, name, ++revision, body), ownerUids.ToArray());
            return Task.FromResult(revision);
        }
    }

    public Task<long> DeleteAsync(string resource, string ns, string name, string lastBody, long expectedRevision, CancellationToken ct = default)
    {
        lock (gate)
        {
            if (!objects.TryGetValue((resource, ns, name), out var entry) || entry.Object.Revision != expectedRevision)
                throw new StoreConflictException($"{resource} {ns}/{name} changed since revision {expectedRevision}");
            objects.Remove((resource, ns, name));
            return Task.FromResult(++revision);
        }
    }

    public Task<(IReadOnlyList<StoredObject> Items, long Revision)> ListAsync(string resource, string? ns, CancellationToken ct = default) =>
        Query(e => e.Object.Resource == resource && (ns is null || e.Object.Namespace == ns), items => (items, revision));

    public Task<IReadOnlyList<StoredObject>> ListDependentsAsync(string ownerUid, string ns, CancellationToken ct = default)
    {
        lock (gate)
            dependentLists[ownerUid] = dependentLists.GetValueOrDefault(ownerUid) + 1;
        return Query(e => e.Object.Namespace == ns && e.Owners.Contains(ownerUid), items => items);
    }

    public Task<IReadOnlyList<StoredObject>> ListNamespaceContentsAsync(string ns, CancellationToken ct = default) =>
        Query(e => e.Object.Namespace == ns, items => items);

    public Task<IReadOnlyList<StoredObject>> ListPodsOnNodeAsync(string nodeName, CancellationToken ct = default) =>
        Query(e => e.Object.Resource == "pods" && JsonNode.Parse(e.Object.Body)?["spec"]?["nodeName"]?.GetValue<string>() == nodeName, items => items);

    private Task<T> Query<T>(Func<(StoredObject Object, string[] Owners), bool> filter, Func<IReadOnlyList<StoredObject>, T> result)
    {
        lock (gate)
        {
            return Task.FromResult(result(objects.Values.Where(filter).Select(e => e.Object)
                .OrderBy(o => o.Namespace, StringComparer.Ordinal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList()));
        }
    }
}
