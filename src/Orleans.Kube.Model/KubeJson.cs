using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

public static class KubeJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A duplicate field fails the parse (400), not later in whichever code first touches that object (500).
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 100, AllowDuplicateProperties = false };

    /// <summary>Parses a request body that must be a JSON object; throws <see cref="JsonException"/> otherwise.</summary>
    public static JsonObject ParseObject(string text) =>
        JsonNode.Parse(text, documentOptions: DocumentOptions) as JsonObject
        ?? throw new JsonException("the body must be a JSON object");

    public static string Write(JsonNode node) => node.ToJsonString(Options);

    /// <summary>The stored body with its revision as metadata.resourceVersion.</summary>
    public static JsonObject WithResourceVersion(string body, long revision)
    {
        var obj = ParseObject(body);
        obj.Metadata()["resourceVersion"] = revision.ToString();
        return obj;
    }
}
