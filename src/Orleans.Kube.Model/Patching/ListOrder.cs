using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Patching;

/// <summary>
/// Orders a merged list the way apimachinery does (normalizeElementOrder / mergeSortedSlice): the items named
/// by the patch (or by <c>$setElementOrder</c>) follow that order, the server-only items keep their live order,
/// and the two runs are interleaved using the live order wherever both items occur in it.
/// </summary>
/// <remarks>
/// A consequence, faithful to Kubernetes: without <c>$setElementOrder</c> an element that is new to the list has
/// no live position, so it lands before the server-only elements (kubectl apply always sends the directive).
/// </remarks>
internal static class ListOrder
{
    /// <summary>Splits <paramref name="merged"/> into items named in <paramref name="namedBy"/> and the rest.</summary>
    public static (List<JsonNode?> Named, List<JsonNode?> ServerOnly) Partition(
        IReadOnlyList<JsonNode?> merged, IReadOnlyList<JsonNode?> namedBy, string? mergeKey, string path)
    {
        var named = new List<JsonNode?>();
        var serverOnly = new List<JsonNode?>();
        foreach (var item in merged)
        {
            if (mergeKey is not null)
            {
                ListElementIdentity.KeyOf(item, mergeKey, path);
            }

            (ListElementIdentity.IndexIn(namedBy, item, mergeKey, path) >= 0 ? named : serverOnly).Add(item);
        }

        return (named, serverOnly);
    }

    /// <summary>
    /// Sorts <paramref name="named"/> by <paramref name="namedOrder"/> and <paramref name="serverOnly"/> by
    /// <paramref name="serverOrder"/>, then interleaves them.
    /// </summary>
    public static List<JsonNode?> Normalize(
        List<JsonNode?> named,
        List<JsonNode?> serverOnly,
        IReadOnlyList<JsonNode?> namedOrder,
        IReadOnlyList<JsonNode?> serverOrder,
        string? mergeKey,
        string path)
    {
        if (mergeKey is not null)
        {
            foreach (var item in namedOrder.Concat(serverOrder))
            {
                ListElementIdentity.KeyOf(item, mergeKey, path);
            }
        }

        var sortedNamed = SortBy(named, namedOrder, mergeKey, path);
        var sortedServerOnly = SortBy(serverOnly, serverOrder, mergeKey, path);
        return Interleave(sortedServerOnly, sortedNamed, serverOrder, mergeKey, path);
    }

    // Stable: items missing from `order` keep their relative order after the ones it names.
    private static List<JsonNode?> SortBy(List<JsonNode?> items, IReadOnlyList<JsonNode?> order, string? mergeKey, string path) =>
        items.Select(item => (Item: item, Rank: ListElementIdentity.IndexIn(order, item, mergeKey, path)))
            .OrderBy(x => x.Rank < 0 ? int.MaxValue : x.Rank)
            .Select(x => x.Item)
            .ToList();

    // Port of mergeSortedSlice: take a server-only item first only when the live list puts it before the next
    // named item; otherwise the named item goes first. Both inputs keep their internal order.
    private static List<JsonNode?> Interleave(
        List<JsonNode?> serverOnly, List<JsonNode?> named, IReadOnlyList<JsonNode?> serverOrder, string? mergeKey, string path)
    {
        var result = new List<JsonNode?>(serverOnly.Count + named.Count);
        int s = 0, n = 0;
        while (s < serverOnly.Count || n < named.Count)
        {
            if (n >= named.Count)
            {
                result.Add(serverOnly[s++]);
            }
            else if (s >= serverOnly.Count)
            {
                result.Add(named[n++]);
            }
            else
            {
                var serverIndex = ListElementIdentity.IndexIn(serverOrder, serverOnly[s], mergeKey, path);
                var namedIndex = ListElementIdentity.IndexIn(serverOrder, named[n], mergeKey, path);
                var serverFirst = serverIndex >= 0 && namedIndex >= 0 && serverIndex < namedIndex;
                result.Add(serverFirst ? serverOnly[s++] : named[n++]);
            }
        }

        return result;
    }
}
