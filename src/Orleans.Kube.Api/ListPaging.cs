using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// The chunking a list asks for: <c>limit</c> (absent or &lt;= 0: everything) and the
/// <c>continue</c> token of the previous chunk.
/// </summary>
internal sealed record ListPaging(int? Limit, ListContinueToken? Continue)
{
    /// <summary>Throws <see cref="RequestRejectedException"/> (400) for a bad token, or a token with a resourceVersion.</summary>
    public static ListPaging From(HttpRequest request)
    {
        var limit = QueryParameters.Int64(request, "limit") is > 0 and var n ? (int)Math.Min(n, int.MaxValue - 1) : (int?)null;
        var token = QueryParameters.Text(request, "continue");
        if (token.Length == 0)
            return new ListPaging(limit, null);
        // A continued chunk reports the revision of the list's first chunk, which the token carries.
        if (QueryParameters.Text(request, "resourceVersion") is { Length: > 0 } rv && rv != "0")
            throw new RequestRejectedException(400, StatusErrors.BadRequest("specifying resource version is not allowed when using continue"));
        return new ListPaging(limit, ListContinueToken.Decode(token));
    }
}
