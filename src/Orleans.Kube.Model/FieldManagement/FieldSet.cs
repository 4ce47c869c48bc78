using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.FieldManagement;

/// <summary>
/// A set of field paths (structured-merge-diff's fieldpath.Set), read from and written as the FieldsV1 trie of
/// metadata.managedFields: <c>{"f:data":{".":{},"f:a":{}}}</c> holds <c>.data</c> and <c>.data.a</c>. A path is
/// its path elements ("f:spec", "k:{...}", "v:...") joined by newlines, which JSON-encoded elements never contain.
/// </summary>
public sealed class FieldSet
{
    private const char Separator = '\n';
    private readonly HashSet<string> paths;

    public FieldSet() => paths = new HashSet<string>(StringComparer.Ordinal);

    private FieldSet(IEnumerable<string> members) => paths = new HashSet<string>(members, StringComparer.Ordinal);

    public bool IsEmpty => paths.Count == 0;

    public int Count => paths.Count;

    public IEnumerable<string> Paths => paths;

    public static string Child(string path, string element) => path.Length == 0 ? element : path + Separator + element;

    public static string[] Elements(string path) => path.Split(Separator);

    public void Add(string path) => paths.Add(path);

    public bool Contains(string path) => paths.Contains(path);

    public FieldSet Clone() => new(paths);

    public void UnionWith(FieldSet other) => paths.UnionWith(other.paths);

    public void ExceptWith(FieldSet other) => paths.ExceptWith(other.paths);

    public FieldSet Intersect(FieldSet other) => new(paths.Where(other.paths.Contains));

    public bool SetEquals(FieldSet other) => paths.SetEquals(other.paths);

    /// <summary>The members of a FieldsV1 trie: every empty node and every node holding ".".</summary>
    public static FieldSet FromFieldsV1(JsonObject? fields)
    {
        var set = new FieldSet();
        if (fields is not null)
            Collect(fields, "", set);
        return set;
    }

    private static void Collect(JsonObject node, string path, FieldSet into)
    {
        foreach (var (element, child) in node)
        {
            if (element == ".")
            {
                into.Add(path);
                continue;
            }
            var childPath = Child(path, element);
            if (child is JsonObject { Count: > 0 } children)
                Collect(children, childPath, into);
            else
                into.Add(childPath);
        }
    }

    /// <summary>True when the FieldsV1 trie <paramref name="trie"/> holds <paramref name="path"/> as a member.</summary>
    public static bool TrieHas(JsonObject trie, string path)
    {
        var node = trie;
        foreach (var element in Elements(path))
            if (node[element] is JsonObject child)
                node = child;
            else
                return false;
        return node.Count == 0 || node.ContainsKey(".");
    }

    /// <summary>
    /// The FieldsV1 trie, children in kube's order (".", then fields, keys and values by name). Paths sorted ordinally
    /// come element by element in that order ('\n' sorts first), and a member before its children, so one pass builds it.
    /// </summary>
    public JsonObject ToFieldsV1()
    {
        var root = new JsonObject();
        var members = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            var node = root;
            foreach (var element in Elements(path))
            {
                if (node[element] is not JsonObject child)
                {
                    // A member gaining its first child keeps its membership as ".".
                    if (node.Count == 0 && members.Contains(node))
                        node["."] = new JsonObject();
                    node[element] = child = new JsonObject();
                }
                node = child;
            }
            members.Add(node);
        }
        return root;
    }

    /// <summary>A path as kube prints it in conflicts: <c>.spec.containers[name="web"].image</c>.</summary>
    public static string Describe(string path) =>
        string.Concat(Elements(path).Select(element => element switch
        {
            _ when element.StartsWith("f:", StringComparison.Ordinal) => "." + element[2..],
            _ when element.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(element[2..]) is JsonObject key =>
                "[" + string.Join(",", key.Select(p => $"{p.Key}={p.Value?.ToJsonString()}")) + "]",
            _ when element.StartsWith("v:", StringComparison.Ordinal) => "[=" + element[2..] + "]",
            _ => element,
        }));
}
