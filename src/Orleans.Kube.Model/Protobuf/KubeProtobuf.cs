using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Protobuf;

/// <summary>
/// Decodes request bodies in Kubernetes protobuf (what kubectl's typed commands such as <c>kubectl create
/// deployment</c> send, with no JSON fallback) into the equivalent Kubernetes JSON object.
/// </summary>
public static class KubeProtobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    /// <summary>Every Kubernetes protobuf body starts with "k8s\0".</summary>
    internal static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>
    /// Decodes a body ("k8s\0" + runtime.Unknown envelope) into JSON with apiVersion and kind from the envelope.
    /// Throws <see cref="FormatException"/> for malformed input or a kind we have no schema for.
    /// </summary>
    public static JsonObject Decode(ReadOnlySpan<byte> body) => DecodeEnvelope(body, depth: 0);

    internal static JsonObject DecodeEnvelope(ReadOnlySpan<byte> body, int depth)
    {
        if (!body.StartsWith(Magic))
        {
            throw new FormatException("not a Kubernetes protobuf body: missing the \"k8s\\0\" prefix");
        }

        // runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType.
        string apiVersion = "", kind = "", contentEncoding = "";
        ReadOnlySpan<byte> raw = default;
        var reader = new ProtoWireReader(body[Magic.Length..]);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is < 1 or > 4)
            {
                reader.Skip(wireType);
                continue;
            }

            if (wireType != WireType.LengthDelimited)
            {
                throw new FormatException($"protobuf envelope field {number} has wire type {(int)wireType}; expected length-delimited");
            }

            var bytes = reader.ReadLengthDelimited();
            switch (number)
            {
                case 1: (apiVersion, kind) = ReadTypeMeta(bytes); break;
                case 2: raw = bytes; break;
                case 3: contentEncoding = Encoding.UTF8.GetString(bytes); break;
            }
        }

        if (kind.Length == 0)
        {
            throw new FormatException("protobuf envelope has no kind");
        }

        // Kubernetes never compresses the inner object, but the envelope allows it; refuse rather than misread.
        if (contentEncoding.Length > 0)
        {
            throw new FormatException($"unsupported protobuf content encoding \"{contentEncoding}\" for kind {kind}");
        }

        var message = KubeProtoSchema.FindRoot(apiVersion, kind)
            ?? throw new FormatException($"no protobuf schema for kind {kind} (apiVersion \"{apiVersion}\"); send JSON instead");

        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        ProtoJsonDecoder.DecodeInto(raw, message, result, depth);
        return result;
    }

    private static (string ApiVersion, string Kind) ReadTypeMeta(ReadOnlySpan<byte> data)
    {
        string apiVersion = "", kind = "";
        var reader = new ProtoWireReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number is 1 or 2 && wireType == WireType.LengthDelimited)
            {
                var text = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                if (number == 1)
                {
                    apiVersion = text;
                }
                else
                {
                    kind = text;
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (apiVersion, kind);
    }
}
