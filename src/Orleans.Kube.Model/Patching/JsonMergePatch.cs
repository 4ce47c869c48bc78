using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Patching;

/// <summary>
/// JSON Merge Patch (RFC 7386), used by <c>kubectl patch --type merge</c> and for custom resources.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="target"/> and returns a new document.
    /// Neither input is modified.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        // A non-object patch replaces the whole target (RFC 7386 section 2).
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        MergeInto(result, patchObject);
        return result;
    }

    // Mutates only `target`, which is always our own copy.
    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            switch (value)
            {
                case null:
                    target.Remove(name);
                    break;
                case JsonObject nested:
                    // Recurse even when the target has no object here, so nulls inside the patch are dropped.
                    if (target[name] is not JsonObject existing)
                    {
                        existing = new JsonObject();
                        target[name] = existing;
                    }

                    MergeInto(existing, nested);
                    break;
                default:
                    target[name] = value.DeepClone();
                    break;
            }
        }
    }
}
