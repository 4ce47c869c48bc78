using System.Text.Json;

namespace Orleans.Kube.Store;

/// <summary>
/// One object in the watch cache with what its indexes and label selectors need, read from the body
/// once when the object is cached, so a selector or an index lookup never parses a body again.
/// </summary>
public sealed record CachedObject(StoredObject Object, IReadOnlyDictionary<string, string> Labels, string? NodeName, IReadOnlyList<string> OwnerUids)
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public static CachedObject From(StoredObject obj)
    {
        try
        {
            using var document = JsonDocument.Parse(obj.Body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return new CachedObject(obj, NoLabels, null, []);
            var labels = NoLabels;
            var owners = new List<string>();
            if (root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                if (metadata.TryGetProperty("labels", out var labelsElement) && labelsElement.ValueKind == JsonValueKind.Object)
                    labels = labelsElement.EnumerateObject()
                        .Where(label => label.Value.ValueKind == JsonValueKind.String)
                        .ToDictionary(label => label.Name, label => label.Value.GetString()!, StringComparer.Ordinal);
                if (metadata.TryGetProperty("ownerReferences", out var references) && references.ValueKind == JsonValueKind.Array)
                    foreach (var reference in references.EnumerateArray())
                        if (reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String)
                            owners.Add(uid.GetString()!);
            }
            // Like the store's node_name column: only pods are bound to nodes.
            string? node = null;
            if (obj.Resource == "pods" && root.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object &&
                spec.TryGetProperty("nodeName", out var nodeName) && nodeName.ValueKind == JsonValueKind.String)
                node = nodeName.GetString();
            return new CachedObject(obj, labels, node is { Length: > 0 } ? node : null, owners);
        }
        catch (JsonException)
        {
            // Not JSON: no labels or references to index; the object is still listed.
            return new CachedObject(obj, NoLabels, null, []);
        }
    }
}
