using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Orleans.Kube.Proxy.Ingress;

/// <summary>
/// Handles one request on the ingress listeners: matches it against the route table, then forwards it with
/// YARP's forwarder to a ready endpoint of the Service chosen by the node proxy's own pool (same endpoint set,
/// same scheduler, same ClientIP affinity). A backend that cannot be reached before the response starts is
/// skipped and the next one tried for requests without a body, as nginx's proxy_next_upstream does.
/// Unmatched requests get 404, a Service without ready endpoints 503.
/// </summary>
public sealed class IngressForwarder(IngressDirectory directory, ServiceProxy services, IHttpForwarder forwarder, HttpMessageInvoker client, int httpsPort)
{
    private const int MaxAttempts = 3;
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        ActivityTimeout = TimeSpan.FromMinutes(5),
    };

    public async Task HandleAsync(HttpContext context)
    {
        var host = context.Request.Host.Host.TrimEnd('.').ToLowerInvariant();
        var path = context.Request.Path.HasValue ? context.Request.Path.Value! : "/";
        if (directory.Routes.Match(host, path) is not { } match)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, "404 Not Found: no Ingress rule matches this host and path");
            return;
        }
        if (!context.Request.IsHttps && match.HostHasTls && match.Settings.SslRedirect && httpsPort > 0)
        {
            var port = httpsPort == 443 ? "" : $":{httpsPort}";
            context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
            context.Response.Headers.Location = $"https://{host}{port}{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}";
            return;
        }
        if (match.Settings.MaxBodyBytes is { } limit)
        {
            if (context.Request.ContentLength > limit)
            {
                await WriteAsync(context, StatusCodes.Status413RequestEntityTooLarge, "413 Request Entity Too Large");
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limit;
        }

        var backend = match.Backend;
        var pool = services.PoolFor(backend.Namespace, backend.Service, backend.Port);
        if (pool is null || pool.Backends.Count == 0)
        {
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "503 Service Unavailable: no ready endpoints");
            return;
        }

        var transformer = new IngressTransformer(match.Settings.Rewrite(path, match.MatchedPath));
        var clientAddress = context.Connection.RemoteIpAddress ?? IPAddress.Loopback;
        var retryable = context.Request.ContentLength is null or 0 && !context.Request.Headers.ContainsKey("Transfer-Encoding");
        var failed = new HashSet<Backend>();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (pool.PickAdmitted(clientAddress, failed, services.Policy, services.NodeAddress) is not { } chosen)
                break;
            ForwarderError error;
            using (pool.Track(chosen))
                error = await forwarder.SendAsync(context, $"http://{chosen}", client, RequestConfig, transformer);
            if (error == ForwarderError.None)
                return;
            if (!retryable || context.Response.HasStarted || error is not (ForwarderError.Request or ForwarderError.RequestTimedOut))
                return;
            // Not reached, nothing sent back: forget YARP's 502 and try another endpoint.
            failed.Add(chosen);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        if (!context.Response.HasStarted)
            await WriteAsync(context, StatusCodes.Status502BadGateway, "502 Bad Gateway: no endpoint answered");
    }

    private static Task WriteAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n");
    }
}
