using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Orleans.Kube.Api;

/// <summary>
/// What a read's <c>resourceVersion</c> and <c>resourceVersionMatch</c> ask of the watch cache, as
/// kube-apiserver reads them: unset is a consistent read (the cache once it caught up to the store's
/// current revision), <c>0</c> is any revision, a revision (or NotOlderThan it) is that one or newer.
/// Exact asks for an old state the cache does not keep, so the store serves it.
/// </summary>
internal static class CachedReads
{
    /// <summary>A minimum revision that stands for "the store's current revision".</summary>
    public const long Consistent = -1;

    /// <summary>The minimum revision a list may be served at, or null when the cache cannot serve it.</summary>
    public static long? ListMinimum(HttpRequest request) =>
        QueryParameters.Text(request, "resourceVersion").Length == 0 ? Consistent : GetMinimum(request);

    /// <summary>
    /// The minimum revision a GET may be served at from the cache; null (no resourceVersion, or Exact)
    /// leaves the GET to the object's grain, which is always current.
    /// </summary>
    public static long? GetMinimum(HttpRequest request) =>
        QueryParameters.Text(request, "resourceVersion") is { Length: > 0 } rv && QueryParameters.Text(request, "resourceVersionMatch") != "Exact"
            && long.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision : null;
}
