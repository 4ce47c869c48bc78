using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>One list response: the matching objects as stored, the revision it reports, and the token for the next chunk (null: last chunk).</summary>
internal sealed record ListChunk(IReadOnlyList<StoredObject> Items, long Revision, string? Continue);

/// <summary>
/// Reads a list, whole or one chunk at a time, from the silo's watch cache when it can serve the
/// asked consistency (see <see cref="CachedReads"/>), else from the store. Every chunk of a list
/// reports the first chunk's revision. A later chunk reads the objects as they are then (at least
/// as new as that revision), not as of that revision (kube's "inconsistent continue"): a watch from
/// the reported revision still replays every change since, so a client that lists and then watches
/// ends up current; it may see a change twice, never miss one.
/// </summary>
internal static class ChunkedList
{
    /// <summary>Reads (after, size): the next rows in key order and the revision they are current at.</summary>
    private delegate Task<(IReadOnlyList<StoredObject> Rows, long Revision)> RowSource(
        (string Namespace, string Name)? after, int? size, CancellationToken ct);

    public static async Task<ListChunk> ReadAsync(ResourceStore store, WatchCache cache, ListQuery query, ListPaging paging,
        long? minimumRevision, CancellationToken ct)
    {
        if (minimumRevision is { } minimum && await ReadCachedAsync(cache, query, paging, minimum, ct) is { } cached)
            return cached;
        return await ReadStoredAsync(store, query, paging, ct);
    }

    /// <summary>The chunk from the cache, or null when the cache did not reach the revision the read needs in time.</summary>
    private static async Task<ListChunk?> ReadCachedAsync(WatchCache cache, ListQuery query, ListPaging paging, long minimum, CancellationToken ct)
    {
        // A continued list needs objects at least as new as its first chunk, on whichever silo that was read.
        var atLeast = paging.Continue?.Revision ?? minimum;
        var snapshot = atLeast == CachedReads.Consistent
            ? await cache.ReadConsistentAsync(query.Kind.GroupResource, ct)
            : await cache.ReadAsync(query.Kind.GroupResource, atLeast, ct);
        if (snapshot is null)
            return null;
        var revision = paging.Continue?.Revision ?? snapshot.Revision;
        var after = paging.Continue is { } start ? (start.Namespace, start.Name) : ((string, string)?)null;
        var rows = query.PodNodeName is { } node
            ? snapshot.Objects.OnNode(node).Where(row => (query.Namespace is null || row.Object.Namespace == query.Namespace) && (after is not { } key || IsAfter(row.Object, key)))
            : snapshot.Objects.Items(query.Namespace, after);
        var items = new List<StoredObject>();
        foreach (var row in rows)
        {
            if (items.Count == paging.Limit)
                return new ListChunk(items, revision, Token(revision, after));
            after = (row.Object.Namespace, row.Object.Name);
            if (Selects(query, row))
                items.Add(row.Object);
        }
        return new ListChunk(items, revision, null);
    }

    // Labels come from the cache's index; only a field selector needs the body parsed.
    private static bool Selects(ListQuery query, CachedObject row) =>
        query.SelectsEverything ||
        (query.Fields.IsEverything ? query.Labels.Matches(row.Labels) : query.Matches(KubeJson.WithResourceVersion(row.Object.Body, row.Object.Revision)));

    private static async Task<ListChunk> ReadStoredAsync(ResourceStore store, ListQuery query, ListPaging paging, CancellationToken ct)
    {
        var source = query.PodNodeName is { } node
            ? await PodsOnNodeAsync(store, node, query.Namespace, ct)
            : (after, size, token) => store.ListPageAsync(query.Kind.GroupResource, query.Namespace, after, size, token);
        var after = paging.Continue is { } start ? (start.Namespace, start.Name) : ((string, string)?)null;
        long? revision = paging.Continue?.Revision;
        var items = new List<StoredObject>();
        while (true)
        {
            // One row beyond the limit tells whether anything follows the chunk.
            var size = paging.Limit + 1;
            var (rows, current) = await source(after, size, ct);
            revision ??= current;
            foreach (var row in rows)
            {
                if (items.Count == paging.Limit)
                    return new ListChunk(items, revision.Value, Token(revision.Value, after));
                after = (row.Namespace, row.Name);
                // Without selectors every row matches, and the body is never parsed.
                if (query.SelectsEverything || query.Matches(KubeJson.WithResourceVersion(row.Body, row.Revision)))
                    items.Add(row);
            }
            if (size is null || rows.Count < size)
                return new ListChunk(items, revision.Value, null);
        }
    }

    private static string? Token(long revision, (string Namespace, string Name)? last) =>
        last is { } key ? new ListContinueToken(revision, key.Namespace, key.Name).Encode() : null;

    // The node index serves a spec.nodeName list; its rows are few, so it is read once and chunked in memory.
    // The revision is read first, so the rows are at least that fresh.
    private static async Task<RowSource> PodsOnNodeAsync(ResourceStore store, string node, string? ns, CancellationToken ct)
    {
        var revision = await store.CurrentRevisionAsync(ct);
        var rows = (await store.ListPodsOnNodeAsync(node, ct))
            .Where(row => ns is null || row.Namespace == ns)
            .OrderBy(row => row.Namespace, StringComparer.Ordinal).ThenBy(row => row.Name, StringComparer.Ordinal)
            .ToList();
        return (after, size, _) =>
        {
            IReadOnlyList<StoredObject> chunk = [.. rows.Where(row => after is not { } key || IsAfter(row, key)).Take(size ?? int.MaxValue)];
            return Task.FromResult((chunk, revision));
        };
    }

    private static bool IsAfter(StoredObject row, (string Namespace, string Name) key)
    {
        var byNamespace = string.CompareOrdinal(row.Namespace, key.Namespace);
        return byNamespace > 0 || (byNamespace == 0 && string.CompareOrdinal(row.Name, key.Name) > 0);
    }
}
