using System.Buffers.Binary;
using System.Text;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace Orleans.Kube.Api;

/// <summary>A stream the peer opened with SYN_STREAM, with its (lower-cased) headers.</summary>
internal sealed record SpdyStreamOpened(uint StreamId, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// The server end of a SPDY/3.1 connection, just enough for Kubernetes' port-forward protocol:
/// it accepts the streams the client opens (SYN_STREAM, answered by SYN_REPLY), delivers their
/// DATA, answers PINGs, and writes DATA and FIN on those streams. Header blocks arrive zlib
/// compressed with the SPDY dictionary; ours go out as stored (uncompressed) zlib blocks, which
/// every zlib reader accepts.
/// </summary>
internal sealed class SpdySession(Stream transport)
{
    private const ushort Version = 3;
    private const ushort SynStream = 1, SynReply = 2, RstStream = 3, Ping = 6, GoAway = 7;
    private const byte FlagFin = 0x01;
    private const int MaxDataChunk = 32 * 1024;
    private readonly Inflater inflater = new();
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private bool wroteZlibHeader;

    /// <summary>Reads frames until the peer goes away; reports new streams, data (empty with fin at the end) and resets.</summary>
    public async Task RunAsync(Func<SpdyStreamOpened, Task> opened, Func<uint, ReadOnlyMemory<byte>, bool, Task> data, Func<uint, Task> reset, CancellationToken ct)
    {
        var header = new byte[8];
        while (await ReadExactlyOrEndAsync(header, ct))
        {
            var length = (header[5] << 16) | (header[6] << 8) | header[7];
            var flags = header[4];
            var payload = new byte[length];
            await transport.ReadExactlyAsync(payload, ct);
            if ((header[0] & 0x80) == 0)
            {
                var streamId = BinaryPrimitives.ReadUInt32BigEndian(header) & 0x7FFFFFFF;
                await data(streamId, payload, (flags & FlagFin) != 0);
                continue;
            }
            switch (BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)))
            {
                case SynStream:
                    var id = BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF;
                    await WriteControlAsync(SynReply, 0, [.. StreamIdBytes(id), .. HeaderBlock()], ct);
                    await opened(new SpdyStreamOpened(id, ReadHeaders(payload.AsSpan(10))));
                    if ((flags & FlagFin) != 0)
                        await data(id, ReadOnlyMemory<byte>.Empty, true);
                    break;
                case RstStream:
                    await reset(BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF);
                    break;
                case Ping:
                    await WriteControlAsync(Ping, 0, payload, ct);
                    break;
                case GoAway:
                    return;
                // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do for port-forward.
            }
        }
    }

    /// <summary>Sends data on a stream, in frames of at most 32 KiB; <paramref name="fin"/> ends our side of it.</summary>
    public async Task WriteDataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken ct)
    {
        do
        {
            var chunk = data[..Math.Min(data.Length, MaxDataChunk)];
            data = data[chunk.Length..];
            var frame = new byte[8 + chunk.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7FFFFFFF);
            frame[4] = fin && data.IsEmpty ? FlagFin : (byte)0;
            WriteLength(frame, chunk.Length);
            chunk.CopyTo(frame.AsMemory(8));
            await WriteFrameAsync(frame, ct);
        }
        while (!data.IsEmpty);
    }

    private async Task WriteControlAsync(ushort type, byte flags, byte[] payload, CancellationToken ct)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8000 | Version);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), type);
        frame[4] = flags;
        WriteLength(frame, payload.Length);
        payload.CopyTo(frame, 8);
        await WriteFrameAsync(frame, ct);
    }

    private async Task WriteFrameAsync(byte[] frame, CancellationToken ct)
    {
        await writeGate.WaitAsync(ct);
        try
        {
            await transport.WriteAsync(frame, ct);
            await transport.FlushAsync(ct);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private static void WriteLength(byte[] frame, int length)
    {
        frame[5] = (byte)(length >> 16);
        frame[6] = (byte)(length >> 8);
        frame[7] = (byte)length;
    }

    private static byte[] StreamIdBytes(uint id)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, id);
        return bytes;
    }

    /// <summary>An empty header block (zero pairs) as a stored zlib block, after the zlib header on first use.</summary>
    private byte[] HeaderBlock()
    {
        var block = new List<byte>();
        if (!wroteZlibHeader)
        {
            block.AddRange([0x78, 0x01]); // deflate, 32K window, no preset dictionary
            wroteZlibHeader = true;
        }
        byte[] pairs = [0, 0, 0, 0];
        block.Add(0x00); // a non-final stored block
        block.AddRange([(byte)pairs.Length, (byte)(pairs.Length >> 8), (byte)~pairs.Length, (byte)(~pairs.Length >> 8)]);
        block.AddRange(pairs);
        // An empty stored block, as a zlib sync flush ends: it lets the reader hand out the data above
        // without reading past this frame (Go's flate only releases a stored block's bytes at the next block).
        block.AddRange([0x00, 0x00, 0x00, 0xFF, 0xFF]);
        return block.ToArray();
    }

    /// <summary>Inflates one header block (the zlib stream continues across frames) and reads its name/value pairs.</summary>
    private Dictionary<string, string> ReadHeaders(ReadOnlySpan<byte> compressed)
    {
        inflater.SetInput(compressed.ToArray());
        var plain = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            var n = inflater.Inflate(buffer);
            if (n > 0)
            {
                plain.Write(buffer, 0, n);
                continue;
            }
            if (inflater.IsNeedingDictionary)
            {
                inflater.SetDictionary(SpdyDictionary.Bytes);
                continue;
            }
            break;
        }
        var block = plain.ToArray().AsSpan();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var count = BinaryPrimitives.ReadInt32BigEndian(block);
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            var nameLength = BinaryPrimitives.ReadInt32BigEndian(block[at..]);
            var name = Encoding.UTF8.GetString(block.Slice(at + 4, nameLength));
            at += 4 + nameLength;
            var valueLength = BinaryPrimitives.ReadInt32BigEndian(block[at..]);
            headers[name] = Encoding.UTF8.GetString(block.Slice(at + 4, valueLength));
            at += 4 + valueLength;
        }
        return headers;
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await transport.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
                return false;
            read += n;
        }
        return true;
    }
}
