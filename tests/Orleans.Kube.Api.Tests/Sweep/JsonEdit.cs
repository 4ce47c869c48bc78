using System.Text.Json.Nodes;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>Sets or removes a value at a dotted path with list indexes ("spec.containers[0].image").</summary>
public static class JsonEdit
{
    public static JsonObject Set(JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        switch (parent, last)
        {
            case (JsonObject obj, string key):
                obj[key] = value;
                break;
            case (JsonArray list, int index):
                list[index] = value;
                break;
        }
        return root;
    }

    public static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        return last is int index ? parent[index] : parent[(string)last];
    }

    public static JsonObject Remove(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        if (parent is JsonObject obj && last is string key)
            obj.Remove(key);
        return root;
    }

    private static (JsonNode Parent, object Last) Parent(JsonObject root, string path)
    {
        var steps = Steps(path);
        JsonNode node = root;
        foreach (var step in steps[..^1])
            node = step is int index ? node[index]! : node[(string)step] ??= new JsonObject();
        return (node, steps[^1]);
    }

    private static List<object> Steps(string path)
    {
        var steps = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[');
            steps.Add(bracket < 0 ? part : part[..bracket]);
            if (bracket >= 0)
                steps.Add(int.Parse(part[(bracket + 1)..^1]));
        }
        return steps;
    }
}
