using System.Collections.Frozen;

namespace Orleans.Kube.Model.Protobuf;

/// <summary>What a field holds on the wire, and so how it becomes JSON.</summary>
internal enum ProtoKind : byte
{
    String,
    Int32,
    Int64,
    Bool,
    /// <summary>Raw bytes; Go's encoding/json renders []byte as base64.</summary>
    Bytes,
    /// <summary>A nested message named by <see cref="ProtoField.MessageType"/>.</summary>
    Message,
    // apimachinery types whose JSON form is not their protobuf shape; see ProtoSpecialTypes.
    Time,
    MicroTime,
    Duration,
    Quantity,
    IntOrString,
    RawExtension,
    FieldsV1,
}

internal enum ProtoShape : byte
{
    Single,
    /// <summary>A JSON array; scalar elements may arrive packed or one per key.</summary>
    Repeated,
    /// <summary>A JSON object built from repeated {1: key, 2: value} entry messages; keys are always strings here.</summary>
    Map,
    /// <summary>A Go embedded struct (json:",inline"): its fields land in the parent object.</summary>
    Inline,
}

/// <summary>One row of the schema table: field number to JSON name and kind.</summary>
internal sealed record ProtoField(int Number, string JsonName, ProtoKind Kind, string? MessageType = null)
{
    public ProtoShape Shape { get; init; }

    /// <summary>
    /// Go's protobuf marshaller writes every non-pointer field, even when zero, while its JSON tag says omitempty.
    /// Dropping zeros for those fields gives the JSON a Go client would have sent. Pointer fields (proto2 optional
    /// presence) and fields without omitempty clear this flag via <see cref="Keep"/>.
    /// </summary>
    public bool OmitZero { get; init; }

    /// <summary>The value is written to JSON whenever it is on the wire, zero or not.</summary>
    public ProtoField Keep => this with { OmitZero = false };

    public ProtoField List => this with { Shape = ProtoShape.Repeated };
}

/// <summary>A message's fields by number.</summary>
internal sealed class ProtoMessage(string name, IEnumerable<ProtoField> fields)
{
    public string Name { get; } = name;

    public FrozenDictionary<int, ProtoField> Fields { get; } = fields.ToFrozenDictionary(f => f.Number);
}
