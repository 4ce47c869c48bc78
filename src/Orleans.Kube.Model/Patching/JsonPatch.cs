using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Patching;

/// <summary>
/// JSON Patch (RFC 6902), used by <c>kubectl patch --type json</c>.
/// </summary>
public static class JsonPatch
{
    /// <summary>
    /// Applies the operations in <paramref name="patch"/> (a JSON array) in order and returns the new document.
    /// The operations are all-or-nothing: they run on a copy, so a failure leaves <paramref name="target"/> untouched.
    /// </summary>
    /// <exception cref="PatchException">The patch is malformed or an operation fails.</exception>
    public static JsonNode? Apply(JsonNode? target, JsonNode patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch is not JsonArray operations)
        {
            throw new PatchException("a JSON patch must be an array of operations");
        }

        var document = target?.DeepClone();
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                throw new PatchException($"JSON patch operation {i} must be an object");
            }

            var name = RequiredString(operation, "op", i);
            var path = RequiredString(operation, "path", i);
            try
            {
                document = Apply(document, operation, name, JsonPointer.Parse(path));
            }
            catch (PatchException e)
            {
                throw new PatchException($"JSON patch operation {i} (\"{name}\" at \"{path}\") failed: {e.Message}");
            }
        }

        return document;
    }

    private static JsonNode? Apply(JsonNode? document, JsonObject operation, string name, JsonPointer path)
    {
        switch (name)
        {
            case "add":
                return Add(document, path, RequiredValue(operation));
            case "remove":
                Remove(ref document, path);
                return document;
            case "replace":
                return Replace(document, path, RequiredValue(operation));
            case "move":
            {
                var from = JsonPointer.Parse(RequiredString(operation, "from"));
                Get(document, from);
                if (from.Text == path.Text)
                {
                    return document;
                }

                if (from.IsProperPrefixOf(path))
                {
                    throw new PatchException($"cannot move \"{from}\" into its own child");
                }

                var value = Remove(ref document, from);
                return Add(document, path, value);
            }
            case "copy":
            {
                var from = JsonPointer.Parse(RequiredString(operation, "from"));
                return Add(document, path, Get(document, from)?.DeepClone());
            }
            case "test":
            {
                var expected = RequiredValue(operation);
                var actual = Get(document, path);
                if (!JsonNode.DeepEquals(actual, expected))
                {
                    throw new PatchException(
                        $"test failed: value is {Describe(actual)}, expected {Describe(expected)}");
                }

                return document;
            }
            default:
                throw new PatchException("unknown operation; expected add, remove, replace, move, copy or test");
        }
    }

    private static JsonNode? Add(JsonNode? document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (GetParent(document, path))
        {
            case JsonObject parent:
                // "add" on an existing member replaces it (RFC 6902 section 4.1).
                parent[path.LastToken] = value;
                break;
            case JsonArray parent:
                var index = path.LastToken == "-" ? parent.Count : ArrayIndex(parent, path.LastToken, allowEnd: true);
                parent.Insert(index, value);
                break;
        }

        return document;
    }

    // Returns the removed value, detached so that "move" can re-insert it.
    private static JsonNode? Remove(ref JsonNode? document, JsonPointer path)
    {
        if (path.IsRoot)
        {
            var whole = document;
            document = null;
            return whole;
        }

        switch (GetParent(document, path))
        {
            case JsonObject parent:
                if (!parent.TryGetPropertyValue(path.LastToken, out var member))
                {
                    throw Missing(path);
                }

                parent.Remove(path.LastToken);
                return member;
            case JsonArray parent:
                var index = ArrayIndex(parent, path.LastToken, allowEnd: false);
                var element = parent[index];
                parent.RemoveAt(index);
                return element;
            default:
                throw Missing(path);
        }
    }

    private static JsonNode? Replace(JsonNode? document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        switch (GetParent(document, path))
        {
            case JsonObject parent:
                if (!parent.ContainsKey(path.LastToken))
                {
                    throw Missing(path);
                }

                parent[path.LastToken] = value;
                break;
            case JsonArray parent:
                parent[ArrayIndex(parent, path.LastToken, allowEnd: false)] = value;
                break;
        }

        return document;
    }

    private static JsonNode? Get(JsonNode? document, JsonPointer path)
    {
        if (!TryResolve(document, path.Tokens, path.Tokens.Count, out var node))
        {
            throw Missing(path);
        }

        return node;
    }

    // The container (object or array) that holds the pointer's last token; it must exist.
    private static JsonNode GetParent(JsonNode? document, JsonPointer path)
    {
        if (!TryResolve(document, path.Tokens, path.Tokens.Count - 1, out var parent) || parent is null)
        {
            throw Missing(path);
        }

        if (parent is not (JsonObject or JsonArray))
        {
            throw new PatchException($"path \"{path}\" goes through {Describe(parent)}, which is neither an object nor an array");
        }

        return parent;
    }

    private static bool TryResolve(JsonNode? document, IReadOnlyList<string> tokens, int count, out JsonNode? node)
    {
        node = document;
        for (var i = 0; i < count; i++)
        {
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(tokens[i], out var member):
                    node = member;
                    break;
                case JsonArray array when JsonPointer.TryParseIndex(tokens[i], out var index) && index < array.Count:
                    node = array[index];
                    break;
                default:
                    node = null;
                    return false;
            }
        }

        return true;
    }

    private static int ArrayIndex(JsonArray array, string token, bool allowEnd)
    {
        if (!JsonPointer.TryParseIndex(token, out var index))
        {
            throw new PatchException($"\"{token}\" is not a valid array index");
        }

        var limit = allowEnd ? array.Count : array.Count - 1;
        if (index > limit)
        {
            throw new PatchException($"array index {index} is out of bounds (array has {array.Count} elements)");
        }

        return index;
    }

    private static string RequiredString(JsonObject operation, string member, int? index = null)
    {
        if (operation[member] is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        var where = index is null ? "the operation" : $"JSON patch operation {index}";
        throw new PatchException($"{where} needs a string \"{member}\" member");
    }

    // "value": null is a legitimate value, so presence is checked separately from nullness.
    private static JsonNode? RequiredValue(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new PatchException("the operation needs a \"value\" member");

    private static PatchException Missing(JsonPointer path) => new($"path \"{path}\" does not exist");

    private static string Describe(JsonNode? node) => node?.ToJsonString() ?? "null";
}
