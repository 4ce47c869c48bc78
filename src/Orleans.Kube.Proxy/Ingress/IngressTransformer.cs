using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Orleans.Kube.Proxy.Ingress;

/// <summary>
/// The request as the backend sees it: the client's Host kept (as ingress-nginx passes it), X-Forwarded-For,
/// -Proto, -Host and -Port set from this connection (values a client sent are replaced, not trusted), and the
/// path after any rewrite.
/// </summary>
internal sealed class IngressTransformer(string path) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var request = httpContext.Request;
        proxyRequest.Headers.Host = request.Host.Value;
        Set(proxyRequest, "X-Forwarded-For", httpContext.Connection.RemoteIpAddress?.ToString());
        Set(proxyRequest, "X-Real-IP", httpContext.Connection.RemoteIpAddress?.ToString());
        Set(proxyRequest, "X-Forwarded-Proto", request.Scheme);
        Set(proxyRequest, "X-Forwarded-Host", request.Host.Value);
        Set(proxyRequest, "X-Forwarded-Port", httpContext.Connection.LocalPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString(path), request.QueryString);
    }

    private static void Set(HttpRequestMessage request, string name, string? value)
    {
        request.Headers.Remove(name);
        if (value is not null)
            request.Headers.TryAddWithoutValidation(name, value);
    }
}
