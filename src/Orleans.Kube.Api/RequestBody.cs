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

    /// <summary>
    /// The media types an object body may come in. A body without a Content-Type is refused too (kube reads
    /// it as JSON): a page in a browser can send one without a CORS preflight, so it must not write objects.
    /// </summary>
    public static readonly string[] ObjectMediaTypes = ["application/json", "application/yaml", KubeProtobuf.ContentType];

    /// <summary>
    /// The body as a JSON object, from JSON, YAML or Kubernetes protobuf by content type. Any other
    /// type, or none, is a 415 (<see cref="RequestRejectedException"/>), as kube-apiserver answers other types.
    /// </summary>
    public static JsonObject ParseObject(byte[] body, string? contentType)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return mediaType switch
        {
            "application/json" => KubeJson.ParseObject(Encoding.UTF8.GetString(body)),
            "application/yaml" => YamlJson.ToJsonObject(Encoding.UTF8.GetString(body)),
            KubeProtobuf.ContentType => KubeProtobuf.Decode(body),
            _ => throw new RequestRejectedException(415, StatusErrors.UnsupportedMediaType(contentType ?? "", ObjectMediaTypes)),
        };
    }

    public static bool IsDecodeError(Exception ex) =>
        ex is JsonException or FormatException or YamlDotNet.Core.YamlException or InvalidOperationException;
}
