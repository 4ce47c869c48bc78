namespace Orleans.Kube.Store;

/// <summary>
/// What resource grains and controllers need of the resource store: one object's revision, optimistic
/// writes, and the few lists they reconcile from. <see cref="ResourceStore"/> is the PostgreSQL one;
/// grain tests run on an in-memory one.
/// </summary>
public interface IResourceStore
{
    Task<StoredObject?> GetAsync(string resource, string ns, string name, CancellationToken ct = default);

    /// <summary>
    /// Writes a new revision if the stored one is still <paramref name="expectedRevision"/> (0: the object must
    /// not exist yet); returns the new revision, or throws <see cref="StoreConflictException"/>.
    /// </summary>
    Task<long> PutAsync(string resource, string ns, string name, string body, long expectedRevision,
        IReadOnlyList<string> ownerUids, CancellationToken ct = default);

    /// <summary>Removes the object if still at <paramref name="expectedRevision"/>; returns the tombstone's revision.</summary>
    Task<long> DeleteAsync(string resource, string ns, string name, string lastBody, long expectedRevision,
        CancellationToken ct = default);

    /// <summary>Live objects of one resource (all namespaces when <paramref name="ns"/> is null), and the revision the list is current at.</summary>
    Task<(IReadOnlyList<StoredObject> Items, long Revision)> ListAsync(string resource, string? ns, CancellationToken ct = default);

    /// <summary>Objects in <paramref name="ns"/> (any resource) whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    Task<IReadOnlyList<StoredObject>> ListDependentsAsync(string ownerUid, string ns, CancellationToken ct = default);

    /// <summary>Objects of <paramref name="resource"/> in <paramref name="ns"/> whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    async Task<IReadOnlyList<StoredObject>> ListOwnedAsync(string resource, string ownerUid, string ns, CancellationToken ct = default) =>
        [.. (await ListDependentsAsync(ownerUid, ns, ct)).Where(o => o.Resource == resource)];

    /// <summary>Every live object in a namespace, of any resource (for namespace deletion).</summary>
    Task<IReadOnlyList<StoredObject>> ListNamespaceContentsAsync(string ns, CancellationToken ct = default);

    /// <summary>Live pods bound to <paramref name="nodeName"/> (spec.nodeName).</summary>
    Task<IReadOnlyList<StoredObject>> ListPodsOnNodeAsync(string nodeName, CancellationToken ct = default);
}
