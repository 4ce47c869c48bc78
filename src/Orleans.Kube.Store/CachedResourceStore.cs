namespace Orleans.Kube.Store;

/// <summary>
/// The store as grains on this silo see it: writes and single-object reads go to PostgreSQL; the hot
/// lists (a namespace's objects of one resource, one resource's objects an owner controls, a node's
/// pods) come from the silo's <see cref="WatchCache"/> once it has caught up to the store's current
/// revision, so they are exactly as fresh as the SQL they replace. When the cache cannot catch up in
/// time (PostgreSQL slow, hub reconnecting) the read goes to SQL as before.
/// </summary>
public sealed class CachedResourceStore(ResourceStore store, WatchCache cache) : IResourceStore
{
    public Task<StoredObject?> GetAsync(string resource, string ns, string name, CancellationToken ct = default) =>
        store.GetAsync(resource, ns, name, ct);

    public Task<long> PutAsync(string resource, string ns, string name, string body, long expectedRevision,
        IReadOnlyList<string> ownerUids, CancellationToken ct = default) =>
        store.PutAsync(resource, ns, name, body, expectedRevision, ownerUids, ct);

    public Task<long> DeleteAsync(string resource, string ns, string name, string lastBody, long expectedRevision, CancellationToken ct = default) =>
        store.DeleteAsync(resource, ns, name, lastBody, expectedRevision, ct);

    public async Task<(IReadOnlyList<StoredObject> Items, long Revision)> ListAsync(string resource, string? ns, CancellationToken ct = default) =>
        await cache.ReadConsistentAsync(resource, ct) is { } snapshot
            ? ([.. snapshot.Objects.Items(ns).Select(o => o.Object)], snapshot.Revision)
            : await store.ListAsync(resource, ns, ct);

    public async Task<IReadOnlyList<StoredObject>> ListOwnedAsync(string resource, string ownerUid, string ns, CancellationToken ct = default) =>
        await cache.ReadConsistentAsync(resource, ct) is { } snapshot
            ? [.. snapshot.Objects.OwnedBy(ownerUid, ns).Select(o => o.Object)]
            : (await store.ListDependentsAsync(ownerUid, ns, ct)).Where(o => o.Resource == resource).ToList();

    // Any resource may depend on an owner: only the store indexes them all.
    public Task<IReadOnlyList<StoredObject>> ListDependentsAsync(string ownerUid, string ns, CancellationToken ct = default) =>
        store.ListDependentsAsync(ownerUid, ns, ct);

    public Task<IReadOnlyList<StoredObject>> ListNamespaceContentsAsync(string ns, CancellationToken ct = default) =>
        store.ListNamespaceContentsAsync(ns, ct);

    public async Task<IReadOnlyList<StoredObject>> ListPodsOnNodeAsync(string nodeName, CancellationToken ct = default) =>
        await cache.ReadConsistentAsync("pods", ct) is { } snapshot
            ? [.. snapshot.Objects.OnNode(nodeName).Select(o => o.Object)]
            : await store.ListPodsOnNodeAsync(nodeName, ct);
}
