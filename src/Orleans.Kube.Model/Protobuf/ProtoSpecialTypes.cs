using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Protobuf;

/// <summary>
/// apimachinery types that are small messages in protobuf but scalars (or embedded JSON) in Kubernetes JSON:
/// meta/v1 Time, MicroTime, Duration and FieldsV1, resource.Quantity, intstr.IntOrString and runtime.RawExtension.
/// </summary>
internal static class ProtoSpecialTypes
{
    /// <summary>Go's zero time.Time (January 1, year 1 UTC) as Unix seconds.</summary>
    private const long GoZeroTimeUnixSeconds = -62135596800;

    /// <summary>
    /// Decodes one value of a special kind. Null means "no value": a zero Time, or an empty RawExtension, which
    /// Go would write as JSON null; callers drop such fields instead.
    /// </summary>
    public static JsonNode? Decode(ProtoKind kind, ReadOnlySpan<byte> data, int depth) => kind switch
    {
        ProtoKind.Time => Time(data, micro: false),
        ProtoKind.MicroTime => Time(data, micro: true),
        ProtoKind.Duration => JsonValue.Create(FormatGoDuration((long)ReadVarintField(data, 1, "Duration"))),
        ProtoKind.Quantity => JsonValue.Create(Quantity(data)),
        ProtoKind.IntOrString => IntOrString(data),
        ProtoKind.RawExtension => EmbeddedJson(data, "RawExtension", depth),
        ProtoKind.FieldsV1 => EmbeddedJson(data, "FieldsV1", depth),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a special protobuf kind"),
    };

    /// <summary>Time {1 seconds, 2 nanos}; Time renders whole seconds (RFC 3339), MicroTime six fractional digits.</summary>
    private static JsonNode? Time(ReadOnlySpan<byte> data, bool micro)
    {
        // Go writes nothing for a zero time, so an empty message is the zero value.
        if (data.IsEmpty)
        {
            return null;
        }

        long seconds = 0, nanos = 0;
        var reader = new ProtoWireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1: seconds = (long)ExpectVarint(ref reader, wireType, "Time.seconds"); break;
                case 2: nanos = (int)ExpectVarint(ref reader, wireType, "Time.nanos"); break;
                default: reader.Skip(wireType); break;
            }
        }

        if (seconds == GoZeroTimeUnixSeconds && nanos == 0)
        {
            return null;
        }

        DateTime utc;
        try
        {
            utc = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException($"protobuf Time seconds {seconds} is out of range");
        }

        // metav1.Time keeps only seconds (its protobuf unmarshal drops nanos); MicroTime truncates to microseconds.
        if (!micro)
        {
            return JsonValue.Create(utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        if (nanos is < 0 or >= 1_000_000_000)
        {
            throw new FormatException($"protobuf MicroTime nanos {nanos} is out of range");
        }

        utc = utc.AddTicks(nanos / 1000 * TimeSpan.TicksPerMicrosecond);
        return JsonValue.Create(utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>Quantity {1 string}; an empty message is the zero quantity.</summary>
    private static string Quantity(ReadOnlySpan<byte> data)
    {
        var text = "0";
        var reader = new ProtoWireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1)
            {
                text = Encoding.UTF8.GetString(ExpectBytes(ref reader, wireType, "Quantity.string"));
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return text;
    }

    /// <summary>IntOrString {1 type (0 int, 1 string), 2 intVal, 3 strVal} renders as a bare number or string.</summary>
    private static JsonNode IntOrString(ReadOnlySpan<byte> data)
    {
        long type = 0;
        var intVal = 0;
        var strVal = "";
        var reader = new ProtoWireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            switch (number)
            {
                case 1: type = (long)ExpectVarint(ref reader, wireType, "IntOrString.type"); break;
                case 2: intVal = (int)ExpectVarint(ref reader, wireType, "IntOrString.intVal"); break;
                case 3: strVal = Encoding.UTF8.GetString(ExpectBytes(ref reader, wireType, "IntOrString.strVal")); break;
                default: reader.Skip(wireType); break;
            }
        }

        return type == 1 ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    /// <summary>
    /// RawExtension and FieldsV1 are {1 raw bytes} holding JSON. A RawExtension may instead hold a nested
    /// protobuf envelope, which we decode recursively.
    /// </summary>
    private static JsonNode? EmbeddedJson(ReadOnlySpan<byte> data, string typeName, int depth)
    {
        ReadOnlySpan<byte> raw = default;
        var reader = new ProtoWireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1)
            {
                raw = ExpectBytes(ref reader, wireType, typeName + ".raw");
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (raw.IsEmpty)
        {
            return null;
        }

        if (raw.StartsWith(KubeProtobuf.Magic))
        {
            return KubeProtobuf.DecodeEnvelope(raw, depth + 1);
        }

        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException e)
        {
            throw new FormatException($"protobuf {typeName} does not hold valid JSON: {e.Message}", e);
        }
    }

    private static ulong ReadVarintField(ReadOnlySpan<byte> data, int wanted, string typeName)
    {
        ulong value = 0;
        var reader = new ProtoWireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == wanted)
            {
                value = ExpectVarint(ref reader, wireType, typeName);
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return value;
    }

    private static ulong ExpectVarint(scoped ref ProtoWireReader reader, WireType wireType, string what) =>
        wireType == WireType.Varint
            ? reader.ReadVarint()
            : throw new FormatException($"protobuf {what} has wire type {(int)wireType}; expected a varint");

    private static ReadOnlySpan<byte> ExpectBytes(scoped ref ProtoWireReader reader, WireType wireType, string what) =>
        wireType == WireType.LengthDelimited
            ? reader.ReadLengthDelimited()
            : throw new FormatException($"protobuf {what} has wire type {(int)wireType}; expected length-delimited");

    /// <summary>Formats nanoseconds like Go's time.Duration.String(): "1h2m3.5s", "1.5ms", "0s".</summary>
    public static string FormatGoDuration(long nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }

        // Negate as unsigned so long.MinValue works, as Go does.
        var u = nanos < 0 ? unchecked(0UL - (ulong)nanos) : (ulong)nanos;
        var sign = nanos < 0 ? "-" : "";
        if (u < 1_000_000_000)
        {
            if (u < 1_000)
            {
                return $"{sign}{u}ns";
            }

            var (digits, unit) = u < 1_000_000 ? (3, "µs") : (6, "ms");
            var fraction = Fraction(u, digits, out var whole);
            return $"{sign}{whole}{fraction}{unit}";
        }

        var secondsFraction = Fraction(u, 9, out var wholeSeconds);
        var text = $"{wholeSeconds % 60}{secondsFraction}s";
        var minutes = wholeSeconds / 60;
        if (minutes > 0)
        {
            text = $"{minutes % 60}m{text}";
            var hours = minutes / 60;
            if (hours > 0)
            {
                text = $"{hours}h{text}";
            }
        }

        return sign + text;
    }

    /// <summary>Splits v into v / 10^digits and its fraction ".5" (trailing zeros and a bare dot dropped).</summary>
    private static string Fraction(ulong v, int digits, out ulong whole)
    {
        var scale = 1UL;
        for (var i = 0; i < digits; i++)
        {
            scale *= 10;
        }

        whole = v / scale;
        var fraction = (v % scale).ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return fraction.Length == 0 ? "" : "." + fraction;
    }
}
