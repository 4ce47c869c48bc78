using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>
/// The pod-template-hash of a Deployment's template: FNV-1a over the template's canonical JSON
/// (keys sorted), written in kube's vowel-free alphabet. Equal templates give equal hashes however
/// their keys were ordered, so `kubectl rollout undo` finds the old ReplicaSet again.
/// </summary>
public static class PodTemplateHash
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Of(JsonNode? template)
    {
        var canonical = new StringBuilder();
        Write(Strip(template?.DeepClone()), canonical);
        uint hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(canonical.ToString()))
        {
            hash ^= b;
            hash *= 16777619;
        }
        var text = new StringBuilder();
        do
        {
            text.Append(Alphabet[(int)(hash % (uint)Alphabet.Length)]);
            hash /= (uint)Alphabet.Length;
        } while (hash > 0);
        return text.ToString();
    }

    /// <summary>The hash label itself is not part of what is hashed.</summary>
    private static JsonNode? Strip(JsonNode? template)
    {
        if (template?["metadata"]?["labels"] is JsonObject labels)
            labels.Remove("pod-template-hash");
        return template;
    }

    private static void Write(JsonNode? node, StringBuilder output)
    {
        switch (node)
        {
            case JsonObject obj:
                output.Append('{');
                foreach (var (key, value) in obj.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    output.Append('"').Append(key).Append("\":");
                    Write(value, output);
                    output.Append(',');
                }
                output.Append('}');
                break;
            case JsonArray list:
                output.Append('[');
                foreach (var item in list)
                {
                    Write(item, output);
                    output.Append(',');
                }
                output.Append(']');
                break;
            default:
                output.Append(node?.ToJsonString() ?? "null");
                break;
        }
    }
}
