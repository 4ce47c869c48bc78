using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// Where a chunked list (<c>limit</c>) goes on: the revision its first page was read at and the
/// last key it returned, as base64url JSON like kube's token. Not a secret and not signed: a
/// forged token can only start a list at another key, which any caller may do.
/// </summary>
internal sealed record ListContinueToken(long Revision, string Namespace, string Name)
{
    private const string Version = "okube/v1";

    public string Encode() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Wire(Version, Revision, Namespace, Name)));

    /// <summary>Throws <see cref="RequestRejectedException"/> (400) for a token this server did not write.</summary>
    public static ListContinueToken Decode(string text)
    {
        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(text));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            throw Invalid(ex.Message);
        }
        if (wire is null || wire.V != Version)
            throw Invalid("continue key is not valid: incorrect encoded start resourceVersion (version okube/v1)");
        if (wire.Rv <= 0 || wire.Ns is null || wire.Name is not { Length: > 0 })
            throw Invalid("continue key is not valid: missing revision or start key");
        return new ListContinueToken(wire.Rv, wire.Ns, wire.Name);
    }

    private static RequestRejectedException Invalid(string why) =>
        new(400, StatusErrors.BadRequest($"invalid continue token: {why}"));

    // Short names keep the token short; it travels in every chunk's query string.
    private sealed record Wire(
        [property: JsonPropertyName("v")] string V,
        [property: JsonPropertyName("rv")] long Rv,
        [property: JsonPropertyName("ns")] string Ns,
        [property: JsonPropertyName("name")] string Name);
}
