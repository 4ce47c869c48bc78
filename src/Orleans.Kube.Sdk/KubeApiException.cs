using System.Text.Json.Nodes;

namespace Orleans.Kube.Sdk;

/// <summary>A failed API operation, carrying the meta/v1 Status the server answered with.</summary>
public sealed class KubeApiException(int code, string status)
    : Exception(JsonNode.Parse(status)?["message"]?.GetValue<string>() ?? $"request failed with {code}")
{
    public int Code { get; } = code;
    public string? Reason { get; } = JsonNode.Parse(status)?["reason"]?.GetValue<string>();
    public string Status { get; } = status;
}
