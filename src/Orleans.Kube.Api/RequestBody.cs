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
    public const long MaxBytes = RequestLimits.MaxBodyBytes;

    public sealed class TooLargeException : Exception;

    public static async Task<string> ReadTextAsync(HttpRequest request) =>
        Encoding.UTF8.GetString(await ReadBytesAsync(request));

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        var tooLarge = false;
        int read;
        // An oversized body is still read to its end (Kestrel caps it), so the client gets the
        // 413 instead of a connection reset in the middle of sending.
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            tooLarge |= buffer.Length + read > MaxBytes;
            if (!tooLarge)
                buffer.Write(chunk, 0, read);
        }
        if (tooLarge)
            throw new TooLargeException();
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
