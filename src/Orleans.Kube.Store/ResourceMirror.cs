namespace Orleans.Kube.Store;

/// <summary>
/// An in-memory projection of every live object of one resource, like kube's informer cache:
/// listed once, then brought up to date by reading only the log rows written since, so a refresh
/// costs O(changes) rather than O(objects). When compaction has dropped rows it still needed, it
/// lists again. Not thread-safe: meant for one owner (a grain) that refreshes and reads it.
/// </summary>
/// <param name="project">Keeps what the owner needs of an object; must not throw.</param>
public sealed class ResourceMirror<T>(ResourceStore store, string resource, Func<StoredObject, T> project)
{
    private const int PageSize = 1_000;
    private readonly Dictionary<(string Namespace, string Name), T> items = [];
    private long revision = -1;

    public IReadOnlyDictionary<(string Namespace, string Name), T> Items => items;

    /// <summary>Applies every write committed before the call.</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        if (revision >= 0)
        {
            try
            {
                await FollowLogAsync(ct);
                return;
            }
            catch (RevisionCompactedException)
            {
                // Fell behind compaction: list again below.
            }
        }
        var (listed, listRevision) = await store.ListAsync(resource, null, ct);
        items.Clear();
        foreach (var obj in listed)
            items[(obj.Namespace, obj.Name)] = project(obj);
        revision = listRevision;
    }

    // Revisions commit in order (one write lock), so reading to the end of the log misses nothing.
    private async Task FollowLogAsync(CancellationToken ct)
    {
        while (true)
        {
            var page = await store.ReadLogAsync(revision, long.MaxValue, PageSize, ct);
            foreach (var e in page.Where(e => e.Object.Resource == resource))
            {
                var key = (e.Object.Namespace, e.Object.Name);
                if (e.Type == WatchEventType.Deleted)
                    items.Remove(key);
                else
                    items[key] = project(e.Object);
            }
            if (page.Count > 0)
                revision = page[^1].Revision;
            if (page.Count < PageSize)
                return;
        }
    }
}
