using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// Writes a list chunk as a {Kind}List, or as a Table when asked. The list is streamed: each stored
/// body is copied with its resourceVersion spliced in, so a list of thousands of objects neither
/// parses them nor builds the whole response in memory.
/// </summary>
internal static class ListResponse
{
    private const int FlushBytes = 64 * 1024;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = KubeJson.Options.Encoder };

    public static async Task WriteAsync(HttpContext http, ResourceKind kind, ListChunk chunk)
    {
        var metadata = new JsonObject { ["resourceVersion"] = chunk.Revision.ToString() };
        if (chunk.Continue is { } token)
            metadata["continue"] = token;
        if (TableWriter.Wants(http.Request))
        {
            var objects = chunk.Items.Select(item => KubeJson.WithResourceVersion(item.Body, item.Revision));
            await http.Response.WriteJsonAsync(200, KubeJson.Write(TableWriter.Table(kind, objects, metadata, http.Request)));
            return;
        }

        var response = http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var pipe = response.BodyWriter;
        await using var json = new Utf8JsonWriter(pipe, WriterOptions);
        json.WriteStartObject();
        json.WriteString("kind", kind.Kind + "List");
        json.WriteString("apiVersion", kind.ApiVersion);
        json.WritePropertyName("metadata");
        metadata.WriteTo(json);
        json.WriteStartArray("items");
        var item = new ArrayBufferWriter<byte>();
        foreach (var stored in chunk.Items)
        {
            item.ResetWrittenCount();
            if (kind.Conversion is not null)
                item.Write(Encoding.UTF8.GetBytes(KubeJson.Write(kind.Served(KubeJson.WithResourceVersion(stored.Body, stored.Revision)))));
            else
                WriteItem(stored.Body, stored.Revision, item);
            json.WriteRawValue(item.WrittenSpan, skipInputValidation: true);
            if (json.BytesPending >= FlushBytes)
            {
                json.Flush();
                await pipe.FlushAsync(http.RequestAborted);
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        await pipe.FlushAsync(http.RequestAborted);
    }

    private static void WriteItem(string body, long revision, ArrayBufferWriter<byte> output)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(body.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(body, bytes);
            if (!ResourceVersionSplice.TryWrite(bytes.AsSpan(0, length), revision, output))
                output.Write(Encoding.UTF8.GetBytes(KubeJson.Write(KubeJson.WithResourceVersion(body, revision))));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
