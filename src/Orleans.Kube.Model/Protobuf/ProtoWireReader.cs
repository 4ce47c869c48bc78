namespace Orleans.Kube.Model.Protobuf;

/// <summary>Protobuf wire types (https://protobuf.dev/programming-guides/encoding/).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// Forward-only reader over protobuf wire data. Every malformed input (truncated varint, length past the end,
/// unsupported wire type) surfaces as a <see cref="FormatException"/> so callers can answer 400 Bad Request.
/// </summary>
internal ref struct ProtoWireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field key; the field number is always positive.</summary>
    public (int Number, WireType WireType) ReadTag()
    {
        var key = ReadVarint();
        var number = key >> 3;
        if (number is 0 or > int.MaxValue)
        {
            throw new FormatException($"invalid protobuf field number {number} at offset {_position}");
        }

        var wireType = (WireType)(key & 7);
        if (wireType is WireType.StartGroup or WireType.EndGroup || (int)wireType > 5)
        {
            throw new FormatException($"unsupported protobuf wire type {(int)wireType} for field {number}");
        }

        return ((int)number, wireType);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        // A 64-bit value needs at most 10 groups of 7 bits.
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new FormatException("truncated protobuf varint");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new FormatException("protobuf varint longer than 10 bytes");
    }

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        var remaining = _data.Length - _position;
        if (length > (ulong)remaining)
        {
            throw new FormatException($"protobuf length {length} runs past the end of the data ({remaining} bytes left)");
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field the schema does not know, so newer clients can talk to us.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint: ReadVarint(); break;
            case WireType.Fixed64: Take(8); break;
            case WireType.LengthDelimited: ReadLengthDelimited(); break;
            case WireType.Fixed32: Take(4); break;
            default: throw new FormatException($"cannot skip protobuf wire type {(int)wireType}");
        }
    }

    private void Take(int count)
    {
        if (_data.Length - _position < count)
        {
            throw new FormatException($"truncated protobuf fixed-width value ({count} bytes expected)");
        }

        _position += count;
    }
}
