using System.Text.Json.Nodes;

namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>
/// A change that makes a valid manifest bad, with kube's answer: 400 when the body cannot be
/// decoded into the type, 422 when it decodes but fails validation. <paramref name="CreateOnly"/>
/// marks changes of identity, which a replace answers differently (name mismatch).
/// </summary>
public sealed record Mutation(string Name, int Expected, Action<JsonObject> Apply, bool CreateOnly = false)
{
    public static Mutation Set(string path, JsonNode? value, int expected, string? name = null, bool createOnly = false) =>
        new(name ?? $"{path}={Show(value)}", expected, obj => JsonEdit.Set(obj, path, value?.DeepClone()), createOnly);

    public static Mutation Remove(string path, int expected) =>
        new($"no {path}", expected, obj => JsonEdit.Remove(obj, path));

    public JsonObject ApplyTo(JsonObject manifest)
    {
        Apply(manifest);
        return manifest;
    }

    private static string Show(JsonNode? value)
    {
        var text = value?.ToJsonString() ?? "null";
        return text.Length <= 40 ? text : $"{text[..20]}...({text.Length} chars)";
    }
}
