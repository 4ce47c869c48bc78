using System.Collections.Immutable;

namespace Orleans.Kube.Store;

/// <summary>
/// The live objects of one resource as the watch cache holds them: immutable, so a reader keeps a
/// consistent view while events go on being applied, by namespace then name in ordinal order (the
/// order of the store's lists and continue tokens), with indexes by pod node and by owner uid.
/// </summary>
public sealed class CachedKind
{
    private static readonly ImmutableSortedDictionary<string, CachedObject> NoNames =
        ImmutableSortedDictionary.Create<string, CachedObject>(StringComparer.Ordinal);
    private static readonly ImmutableHashSet<(string Namespace, string Name)> NoKeys = [];

    private readonly ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, CachedObject>> byNamespace;
    private readonly ImmutableDictionary<string, ImmutableHashSet<(string Namespace, string Name)>> byNode;
    private readonly ImmutableDictionary<string, ImmutableHashSet<(string Namespace, string Name)>> byOwner;

    private CachedKind(ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, CachedObject>> byNamespace,
        ImmutableDictionary<string, ImmutableHashSet<(string, string)>> byNode,
        ImmutableDictionary<string, ImmutableHashSet<(string, string)>> byOwner, int count)
    {
        this.byNamespace = byNamespace;
        this.byNode = byNode;
        this.byOwner = byOwner;
        Count = count;
    }

    public static CachedKind Empty { get; } = new(
        ImmutableSortedDictionary.Create<string, ImmutableSortedDictionary<string, CachedObject>>(StringComparer.Ordinal),
        ImmutableDictionary<string, ImmutableHashSet<(string, string)>>.Empty,
        ImmutableDictionary<string, ImmutableHashSet<(string, string)>>.Empty, 0);

    public int Count { get; }

    public CachedObject? Get(string ns, string name) =>
        byNamespace.TryGetValue(ns, out var names) && names.TryGetValue(name, out var obj) ? obj : null;

    /// <summary>Objects in key order (one namespace, or all when null), starting after <paramref name="after"/>.</summary>
    public IEnumerable<CachedObject> Items(string? ns, (string Namespace, string Name)? after = null)
    {
        var namespaces = ns is null ? byNamespace : byNamespace.TryGetValue(ns, out var only)
            ? [new KeyValuePair<string, ImmutableSortedDictionary<string, CachedObject>>(ns, only)]
            : (IEnumerable<KeyValuePair<string, ImmutableSortedDictionary<string, CachedObject>>>)[];
        foreach (var (space, names) in namespaces)
        {
            if (after is { } key && string.CompareOrdinal(space, key.Namespace) < 0)
                continue;
            foreach (var (name, obj) in names)
                if (after is not { } start || space != start.Namespace || string.CompareOrdinal(name, start.Name) > 0)
                    yield return obj;
        }
    }

    /// <summary>Pods bound to <paramref name="node"/>, in key order.</summary>
    public IReadOnlyList<CachedObject> OnNode(string node) => Lookup(byNode, node, ns: null);

    /// <summary>Objects in <paramref name="ns"/> whose ownerReferences name <paramref name="ownerUid"/>, in key order.</summary>
    public IReadOnlyList<CachedObject> OwnedBy(string ownerUid, string ns) => Lookup(byOwner, ownerUid, ns);

    private IReadOnlyList<CachedObject> Lookup(ImmutableDictionary<string, ImmutableHashSet<(string Namespace, string Name)>> index, string key, string? ns) =>
        index.TryGetValue(key, out var keys)
            ? [.. keys.Where(k => ns is null || k.Namespace == ns)
                .OrderBy(k => k.Namespace, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal)
                .Select(k => Get(k.Namespace, k.Name)!)]
            : [];

    /// <summary>This view with <paramref name="obj"/> stored (added or replaced).</summary>
    public CachedKind Put(CachedObject obj)
    {
        var (ns, name) = (obj.Object.Namespace, obj.Object.Name);
        var old = Get(ns, name);
        var names = byNamespace.TryGetValue(ns, out var existing) ? existing : NoNames;
        var nodes = Reindex(byNode, old?.NodeName is { } oldNode ? [oldNode] : [], obj.NodeName is { } node ? [node] : [], (ns, name));
        var owners = Reindex(byOwner, old?.OwnerUids ?? [], obj.OwnerUids, (ns, name));
        return new CachedKind(byNamespace.SetItem(ns, names.SetItem(name, obj)), nodes, owners, Count + (old is null ? 1 : 0));
    }

    /// <summary>This view without the object at (<paramref name="ns"/>, <paramref name="name"/>).</summary>
    public CachedKind Remove(string ns, string name)
    {
        if (Get(ns, name) is not { } old)
            return this;
        var names = byNamespace[ns].Remove(name);
        var namespaces = names.IsEmpty ? byNamespace.Remove(ns) : byNamespace.SetItem(ns, names);
        var nodes = Reindex(byNode, old.NodeName is { } node ? [node] : [], [], (ns, name));
        var owners = Reindex(byOwner, old.OwnerUids, [], (ns, name));
        return new CachedKind(namespaces, nodes, owners, Count - 1);
    }

    private static ImmutableDictionary<string, ImmutableHashSet<(string, string)>> Reindex(
        ImmutableDictionary<string, ImmutableHashSet<(string, string)>> index, IReadOnlyList<string> removed, IReadOnlyList<string> added, (string, string) key)
    {
        foreach (var value in removed.Except(added))
            if (index.TryGetValue(value, out var keys))
                index = keys.Remove(key) is { IsEmpty: false } rest ? index.SetItem(value, rest) : index.Remove(value);
        foreach (var value in added)
            index = index.SetItem(value, (index.TryGetValue(value, out var keys) ? keys : NoKeys).Add(key));
        return index;
    }
}
