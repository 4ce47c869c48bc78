using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Orleans.Kube.Dashboard;

/// <summary>
/// Serves the web dashboard's static files at /ui/. It runs ahead of the API's authentication
/// because the files are the same for everyone and hold no cluster data: the page signs in with a
/// bearer token and every API call it makes carries that token, so RBAC applies to the user.
/// Only GET and HEAD of /ui and /ui/... are answered here; every other request goes on to the
/// security pipeline untouched.
/// </summary>
public static class DashboardEndpoints
{
    private const string Root = "/ui";

    // No inline script or style, nothing from another origin: the page can only talk to this API.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseDashboard(this IApplicationBuilder app) =>
        app.Use(async (HttpContext http, RequestDelegate next) =>
        {
            var request = http.Request;
            if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                || !request.Path.StartsWithSegments(Root, StringComparison.Ordinal, out var rest))
            {
                await next(http);
                return;
            }
            await ServeAsync(http, rest.Value ?? "");
        });

    private static async Task ServeAsync(HttpContext http, string rest)
    {
        var response = http.Response;
        if (rest.Length == 0)
        {
            response.Redirect($"{Root}/");
            return;
        }
        var file = DashboardFiles.Find(rest == "/" ? "index.html" : rest.TrimStart('/'));
        if (file is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time (a silo upgrade changes the files); an unchanged file costs a 304.
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = file.ETag;
        if (http.Request.Headers.IfNoneMatch == file.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = file.ContentType;
        response.ContentLength = file.Content.Length;
        if (!HttpMethods.IsHead(http.Request.Method))
            await response.Body.WriteAsync(file.Content, http.RequestAborted);
    }
}
