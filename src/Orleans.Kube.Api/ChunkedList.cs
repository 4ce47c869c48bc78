using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>One list response: the matching objects as stored, the revision it reports, and the token for the next chunk (null: last chunk).</summary>
internal sealed record ListChunk(IReadOnlyList<StoredObject> Items, long Revision, string? Continue);

/// <summary>
/// Reads a list, whole or one chunk at a time. Every chunk of a list reports the first chunk's
/// revision. A later chunk reads the objects as they are then, not as of that revision (kube's
/// "inconsistent continue"): a watch from the reported revision still replays every change since,
/// so a client that lists and then watches ends up current; it may see a change twice, never miss one.
/// </summary>
internal static class ChunkedList
{
    /// <summary>Reads (after, size): the next rows in key order and the revision they are current at.</summary>
    private delegate Task<(IReadOnlyList<StoredObject> Rows, long Revision)> RowSource(
        (string Namespace, string Name)? after, int? size, CancellationToken ct);

    public static async Task<ListChunk> ReadAsync(ResourceStore store, ListQuery query, ListPaging paging, CancellationToken ct)
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
