using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Protobuf;

namespace Orleans.Kube.Api;

/// <summary>Reads a request body within kube-apiserver's 3 MiB limit, as JSON or YAML.</summary>
internal static class RequestBody
{
    public const long MaxBytes = 3 * 1024 * 1024;

    public sealed class TooLargeException : Exception;

    public static async Task<string> ReadTextAsync(HttpRequest request) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(request));

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request)
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
        return buffer.ToArray();
    }

    /// <summary>The body as a JSON object, from Kubernetes protobuf, YAML or JSON by content type.</summary>
    public static JsonObject ParseObject(byte[] body, string? contentType)
    {
        if (contentType?.StartsWith(KubeProtobuf.ContentType, StringComparison.OrdinalIgnoreCase) == true)
            return KubeProtobuf.Decode(body);
        var text = Encoding.UTF8.GetString(body);
        if (contentType is not null && contentType.Contains("yaml", StringComparison.OrdinalIgnoreCase))
            return YamlJson.ToJsonObject(text);
        return KubeJson.ParseObject(text);
    }

    public static bool IsDecodeError(Exception ex) =>
        ex is JsonException or FormatException or YamlDotNet.Core.YamlException or InvalidOperationException;
}
