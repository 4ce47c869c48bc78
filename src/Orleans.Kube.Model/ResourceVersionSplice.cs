using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Orleans.Kube.Model;

/// <summary>
/// Writes a stored body with its revision as metadata.resourceVersion, by copying its bytes around
/// that one value instead of parsing the body into a tree and writing the tree back: a list of
/// thousands of objects is then mostly a copy.
/// </summary>
public static class ResourceVersionSplice
{
    /// <summary>
    /// Appends <paramref name="body"/> (UTF-8 JSON) to <paramref name="output"/> with
    /// metadata.resourceVersion set to <paramref name="revision"/>, replacing a value already there.
    /// Returns false, having written nothing, when the body has no top-level metadata object.
    /// </summary>
    public static bool TryWrite(ReadOnlySpan<byte> body, long revision, IBufferWriter<byte> output)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 100 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (!isMetadata)
            {
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
                return false;
            var afterBrace = (int)reader.TokenStartIndex + 1;
            var hasFields = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                hasFields = true;
                var isVersion = reader.ValueTextEquals("resourceVersion"u8);
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                if (!isVersion)
                    continue;
                output.Write(body[..valueStart]);
                WriteQuoted(revision, output);
                output.Write(body[(int)reader.BytesConsumed..]);
                return true;
            }
            output.Write(body[..afterBrace]);
            output.Write("\"resourceVersion\":"u8);
            WriteQuoted(revision, output);
            if (hasFields)
                output.Write(","u8);
            output.Write(body[afterBrace..]);
            return true;
        }
        return false;
    }

    private static void WriteQuoted(long revision, IBufferWriter<byte> output)
    {
        Span<byte> text = stackalloc byte[22];
        text[0] = (byte)'"';
        revision.TryFormat(text[1..], out var digits, provider: CultureInfo.InvariantCulture);
        text[digits + 1] = (byte)'"';
        output.Write(text[..(digits + 2)]);
    }
}
