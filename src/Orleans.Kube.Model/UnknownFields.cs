using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>
/// Strict field validation: the paths present in a request body that its typed round trip
/// dropped, i.e. fields the kind does not have ("spec.replica", "spec.template.spec.containers[0].imag").
/// </summary>
public static class UnknownFields
{
    public static IReadOnlyList<string> Find(JsonNode? input, JsonNode? canonical)
    {
        var found = new List<string>();
        Walk(input, canonical, "", found);
        return found;
    }

    private static void Walk(JsonNode? input, JsonNode? canonical, string path, List<string> found)
    {
        switch (input)
        {
            case JsonObject obj:
                var known = canonical as JsonObject;
                foreach (var (key, value) in obj)
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    // Objects with free-form keys (labels, data, ...) round-trip every key; only
                    // a key the typed model dropped is unknown. Nulls are dropped by design.
                    if (known is null || !known.ContainsKey(key))
                    {
                        if (value is not null)
                            found.Add(childPath);
                        continue;
                    }
                    Walk(value, known[key], childPath, found);
                }
                break;
            case JsonArray list when canonical is JsonArray canonicalList:
                for (var i = 0; i < list.Count && i < canonicalList.Count; i++)
                    Walk(list[i], canonicalList[i], $"{path}[{i}]", found);
                break;
        }
    }
}
