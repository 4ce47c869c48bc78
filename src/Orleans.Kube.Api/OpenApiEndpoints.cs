using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Kube.Model;
using Orleans.Kube.Model.OpenApi;

namespace Orleans.Kube.Api;

/// <summary>
/// Serves <see cref="OpenApiDocuments"/> as kube-openapi does: built once per process on first use, each with an
/// ETag (its SHA-512), the v3 index naming every group-version's document as `serverRelativeURL` with `?hash=`
/// so clients cache it as immutable, and a 301 to the current hash for a stale one.
/// </summary>
internal static class OpenApiEndpoints
{
    // kubectl asks for "...spec.v2@v1.0+protobuf", but Go's media type parser refuses the '@' in a
    // response's Content-Type, so the answer names the dotted form, as kube-apiserver's does.
    private const string ProtobufType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private sealed record Document(byte[] Json, string Hash)
    {
        public static Document Of(JsonObject json)
        {
            var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
            return new Document(bytes, Convert.ToHexString(SHA512.HashData(bytes)));
        }
    }

    private sealed record Published(Document Index, IReadOnlyDictionary<string, Document> GroupVersions, Lazy<Document> Swagger);

    private static readonly Lazy<Published> Current = new(Publish);

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/openapi/v2", (HttpContext http) => ServeV2(http));
        routes.MapGet("/openapi/v3", (HttpContext http) => Serve(http, Current.Value.Index));
        routes.MapGet("/openapi/v3/{**groupVersion}", (string groupVersion, HttpContext http) => ServeGroupVersion(http, groupVersion));
    }

    private static Published Publish()
    {
        var documents = new OpenApiDocuments(ResourceKinds.Served, new ModelSchemas(ResourceKinds.Served, ModelDocumentation.Load()));
        var groupVersions = documents.GroupVersionPaths.ToDictionary(path => path, path => Document.Of(documents.GroupVersion(path)!));
        var paths = new JsonObject();
        foreach (var (path, document) in groupVersions)
            paths[path] = new JsonObject { ["serverRelativeURL"] = RelativeUrl(path, document) };
        // kubectl never reads the v2 JSON (it asks for protobuf), so it is built only when a client does.
        return new Published(Document.Of(new JsonObject { ["paths"] = paths }), groupVersions, new Lazy<Document>(() => Document.Of(documents.Swagger())));
    }

    private static string RelativeUrl(string path, Document document) => $"/openapi/v3/{path}?hash={document.Hash}";

    private static IResult ServeGroupVersion(HttpContext http, string groupVersion)
    {
        if (!Current.Value.GroupVersions.TryGetValue(groupVersion, out var document))
            return Results.Text(StatusErrors.NotFoundPath(), "application/json", statusCode: 404);
        if (http.Request.Query["hash"].ToString() is { Length: > 0 } hash)
        {
            if (hash != document.Hash)
                return Results.Redirect(RelativeUrl(groupVersion, document), permanent: true);
            http.Response.Headers.Vary = "Accept";
            http.Response.Headers.CacheControl = "public, immutable";
            http.Response.Headers.Expires = DateTime.UtcNow.AddYears(1).ToString("R", CultureInfo.InvariantCulture);
        }
        return Serve(http, document);
    }

    private static IResult Serve(HttpContext http, Document document)
    {
        var etag = $"\"{document.Hash}\"";
        http.Response.Headers.ETag = etag;
        return http.Request.Headers.IfNoneMatch.Contains(etag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(document.Json, "application/json");
    }

    /// <summary>
    /// JSON with every definition; kubectl asks for gnostic protobuf only, and gets a document without definitions
    /// (swagger and info): it then validates a `kind: List` on the client against nothing and sends each item with
    /// fieldValidation=Strict, which validates it here. explain and the fieldValidation check read v3.
    /// </summary>
    private static IResult ServeV2(HttpContext http)
    {
        if (http.Request.Headers.Accept.Any(a => a is not null && a.Contains("proto-openapi.spec.v2", StringComparison.Ordinal)))
        {
            // openapi_v2.Document: swagger = 1, info = 2; Info: title = 1, version = 2.
            var info = Concat(Field(1, "Kubernetes"u8.ToArray()), Field(2, Encoding.UTF8.GetBytes(ServerVersion.Current.GitVersion)));
            return Results.Bytes(Concat(Field(1, "2.0"u8.ToArray()), Field(2, info)), ProtobufType);
        }
        return Serve(http, Current.Value.Swagger.Value);
    }

    // A length-delimited field (wire type 2); every length here is below 128, so it is one varint byte.
    private static byte[] Field(int number, byte[] value) =>
        value.Length < 128 ? [(byte)((number << 3) | 2), (byte)value.Length, .. value] : throw new ArgumentOutOfRangeException(nameof(value));

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
