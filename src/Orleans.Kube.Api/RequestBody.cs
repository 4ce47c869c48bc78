using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>Reads a request body within kube-apiserver's 3 MiB limit, as JSON or YAML.</summary>
internal static class RequestBody
{
    public const long MaxBytes = 3 * 1024 * 1024;

    public sealed class TooLargeException : Exception;

    public static async Task<string> ReadTextAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
            throw new TooLargeException();
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                throw new TooLargeException();
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The body as a JSON object: JSON for JSON content types, YAML otherwise.</summary>
    public static JsonObject ParseObject(string text, string? contentType)
    {
        if (contentType is not null && contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
            return YamlJson.ToJsonObject(text);
        return KubeJson.ParseObject(text);
    }

    /// <summary>Kubernetes protobuf bodies are not decoded; such requests get 415 so clients can fall back to JSON.</summary>
    public static bool IsProtobuf(HttpRequest request) =>
        request.ContentType?.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.OrdinalIgnoreCase) == true;

    public static bool IsDecodeError(Exception ex) =>
        ex is JsonException or FormatException or YamlDotNet.Core.YamlException or InvalidOperationException;
}
