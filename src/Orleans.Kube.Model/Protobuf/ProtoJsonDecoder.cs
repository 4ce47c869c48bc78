using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Protobuf;

/// <summary>
/// Turns protobuf wire data into Kubernetes JSON by walking <see cref="KubeProtoSchema"/>. Fields are written in
/// wire order, which for Go-marshalled objects is field-number order (metadata, spec, status).
/// </summary>
internal static class ProtoJsonDecoder
{
    /// <summary>Bounds recursion through nested envelopes in RawExtension; the schema itself is acyclic.</summary>
    public const int MaxDepth = 64;

    public static void DecodeInto(ReadOnlySpan<byte> data, ProtoMessage message, JsonObject target, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("protobuf message nesting is too deep");
        }

        var reader = new ProtoWireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (!message.Fields.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }

            switch (field.Shape)
            {
                case ProtoShape.Inline:
                    DecodeInto(ExpectBytes(ref reader, wireType, message, field), Nested(field), target, depth + 1);
                    break;
                case ProtoShape.Repeated:
                    ReadRepeated(ref reader, wireType, message, field, ArrayFor(target, field.JsonName), depth);
                    break;
                case ProtoShape.Map:
                    ReadMapEntry(ExpectBytes(ref reader, wireType, message, field), message, field, ObjectFor(target, field.JsonName), depth);
                    break;
                default:
                    ReadSingle(ref reader, wireType, message, field, target, depth);
                    break;
            }
        }
    }

    private static void ReadSingle(ref ProtoWireReader reader, WireType wireType, ProtoMessage message, ProtoField field, JsonObject target, int depth)
    {
        // A singular message seen twice merges, as protobuf specifies.
        if (field.Kind == ProtoKind.Message)
        {
            var bytes = ExpectBytes(ref reader, wireType, message, field);
            DecodeInto(bytes, Nested(field), ObjectFor(target, field.JsonName), depth + 1);
            return;
        }

        var value = ReadValue(ref reader, wireType, message, field, depth);
        if (value is null || (field.OmitZero && IsZero(value)))
        {
            return;
        }

        target[field.JsonName] = value;
    }

    private static void ReadRepeated(ref ProtoWireReader reader, WireType wireType, ProtoMessage message, ProtoField field, JsonArray array, int depth)
    {
        // Numeric lists may be packed into one length-delimited run; accept that as well as one key per element.
        if (wireType == WireType.LengthDelimited && IsVarintKind(field.Kind))
        {
            var packed = new ProtoWireReader(reader.ReadLengthDelimited());
            while (!packed.AtEnd)
            {
                array.Add(Varint(packed.ReadVarint(), field.Kind));
            }

            return;
        }

        array.Add(ReadValue(ref reader, wireType, message, field, depth));
    }

    /// <summary>Map entries are messages {1: key, 2: value}; a missing part takes its zero value.</summary>
    private static void ReadMapEntry(ReadOnlySpan<byte> entry, ProtoMessage message, ProtoField field, JsonObject map, int depth)
    {
        var key = "";
        JsonNode? value = null;
        var haveValue = false;
        var reader = new ProtoWireReader(entry);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1:
                    key = Encoding.UTF8.GetString(ExpectBytes(ref reader, wireType, message, field));
                    break;
                case 2:
                    value = ReadValue(ref reader, wireType, message, field, depth);
                    haveValue = true;
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        map[key] = haveValue ? value : ZeroValue(field);
    }

    /// <summary>Reads one value of the field's kind; null only for special types that have no value (zero Time).</summary>
    private static JsonNode? ReadValue(ref ProtoWireReader reader, WireType wireType, ProtoMessage message, ProtoField field, int depth)
    {
        if (IsVarintKind(field.Kind))
        {
            if (wireType != WireType.Varint)
            {
                throw WrongWireType(message, field, wireType, WireType.Varint);
            }

            return Varint(reader.ReadVarint(), field.Kind);
        }

        var bytes = ExpectBytes(ref reader, wireType, message, field);
        switch (field.Kind)
        {
            case ProtoKind.String:
                return JsonValue.Create(Encoding.UTF8.GetString(bytes));
            case ProtoKind.Bytes:
                return JsonValue.Create(Convert.ToBase64String(bytes));
            case ProtoKind.Message:
                var nested = new JsonObject();
                DecodeInto(bytes, Nested(field), nested, depth + 1);
                return nested;
            default:
                return ProtoSpecialTypes.Decode(field.Kind, bytes, depth);
        }
    }

    private static bool IsVarintKind(ProtoKind kind) => kind is ProtoKind.Int32 or ProtoKind.Int64 or ProtoKind.Bool;

    private static JsonNode Varint(ulong raw, ProtoKind kind) => kind switch
    {
        // int32 values are sign-extended to 64 bits on the wire; truncation recovers negatives.
        ProtoKind.Int32 => JsonValue.Create(unchecked((int)raw)),
        ProtoKind.Int64 => JsonValue.Create(unchecked((long)raw)),
        _ => JsonValue.Create(raw != 0),
    };

    private static bool IsZero(JsonNode value) => value is JsonValue v && (
        (v.TryGetValue<string>(out var s) && s.Length == 0)
        || (v.TryGetValue<int>(out var i) && i == 0)
        || (v.TryGetValue<long>(out var l) && l == 0)
        || (v.TryGetValue<bool>(out var b) && !b));

    private static JsonNode? ZeroValue(ProtoField field) => field.Kind switch
    {
        ProtoKind.String or ProtoKind.Bytes => JsonValue.Create(""),
        ProtoKind.Int32 or ProtoKind.IntOrString => JsonValue.Create(0),
        ProtoKind.Int64 => JsonValue.Create(0L),
        ProtoKind.Bool => JsonValue.Create(false),
        ProtoKind.Message => new JsonObject(),
        ProtoKind.Quantity => JsonValue.Create("0"),
        _ => null,
    };

    private static ProtoMessage Nested(ProtoField field) => KubeProtoSchema.Messages[field.MessageType!];

    private static JsonArray ArrayFor(JsonObject target, string name)
    {
        if (target[name] is JsonArray existing)
        {
            return existing;
        }

        var array = new JsonArray();
        target[name] = array;
        return array;
    }

    private static JsonObject ObjectFor(JsonObject target, string name)
    {
        if (target[name] is JsonObject existing)
        {
            return existing;
        }

        var obj = new JsonObject();
        target[name] = obj;
        return obj;
    }

    private static ReadOnlySpan<byte> ExpectBytes(scoped ref ProtoWireReader reader, WireType wireType, ProtoMessage message, ProtoField field) =>
        wireType == WireType.LengthDelimited
            ? reader.ReadLengthDelimited()
            : throw WrongWireType(message, field, wireType, WireType.LengthDelimited);

    private static FormatException WrongWireType(ProtoMessage message, ProtoField field, WireType actual, WireType expected) =>
        new($"protobuf field {field.Number} ({message.Name}.{(field.JsonName.Length > 0 ? field.JsonName : field.MessageType)}) " +
            $"has wire type {(int)actual}; expected {(int)expected}");
}
