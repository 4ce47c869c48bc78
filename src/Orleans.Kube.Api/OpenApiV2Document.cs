using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Orleans.Kube.Api;

/// <summary>
/// An OpenAPI v2 document with no definitions. kubectl validates a `kind: List` on the client
/// against v2 whatever the server supports, and skips every kind the document does not define;
/// each item then goes to the server with fieldValidation=Strict, which validates it there.
/// kubectl asks for gnostic protobuf; other clients get JSON.
/// </summary>
internal static class OpenApiV2Document
{
    // kubectl asks for "...spec.v2@v1.0+protobuf", but Go's media type parser refuses the '@' in a
    // response's Content-Type, so the answer names the dotted form, as kube-apiserver's does.
    private const string ProtobufType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    public static IResult Serve(HttpRequest request)
    {
        var title = "Orleans.Kube";
        var version = ServerVersion.Current.GitVersion;
        if (request.Headers.Accept.Any(a => a is not null && a.Contains("proto-openapi.spec.v2", StringComparison.Ordinal)))
        {
            // openapi_v2.Document: swagger = 1, info = 2; Info: title = 1, version = 2.
            var info = Concat(Field(1, Encoding.UTF8.GetBytes(title)), Field(2, Encoding.UTF8.GetBytes(version)));
            return Results.Bytes(Concat(Field(1, "2.0"u8.ToArray()), Field(2, info)), ProtobufType);
        }
        var json = new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = title, ["version"] = version },
            ["paths"] = new JsonObject(),
        };
        return Results.Text(json.ToJsonString(), "application/json");
    }

    // A length-delimited field (wire type 2); every length here is below 128, so it is one varint byte.
    private static byte[] Field(int number, byte[] value) =>
        value.Length < 128 ? [(byte)((number << 3) | 2), (byte)value.Length, .. value] : throw new ArgumentOutOfRangeException(nameof(value));

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
