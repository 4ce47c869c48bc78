using System.Net;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Yarp.ReverseProxy.Forwarder;

namespace Orleans.Kube.Api.Proxy;

/// <summary>
/// The proxy subresources as kube-apiserver serves them: <c>/api/v1/namespaces/NS/pods/[SCHEME:]NAME[:PORT]/proxy/PATH</c>
/// and <c>.../services/[SCHEME:]NAME[:PORT]/proxy/PATH</c>, any method, forwarded with YARP's forwarder to the pod (or a
/// ready endpoint of the service). Connections are opened by the node agent of the target pod's host
/// (<see cref="AgentTunnelStream"/>), so any API silo reaches any pod, and nothing dials a container's bridge address.
/// </summary>
internal sealed class SubresourceProxy(IGrainFactory grains, IHttpForwarder forwarder)
{
    private static readonly HttpRequestOptionsKey<TargetOption> TargetKey = new("okube.proxy.target");
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        ActivityTimeout = TimeSpan.FromMinutes(5),
    };

    private readonly HttpMessageInvoker client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        // Pooled by pod IP and port; a pod IP can be handed to a new pod once the old one is gone, so keep them short.
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        // As kube-apiserver's proxy transport: a pod's serving certificate is not verified (it names no address we dial).
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = static async (context, ct) =>
        {
            if (!context.InitialRequestMessage.Options.TryGetValue(TargetKey, out var target))
                throw new InvalidOperationException("a proxied request without its target");
            var (node, podKey, ip, port) = (target.Target.Node, target.Target.PodKey, target.Target.Ip, target.Target.Port);
            if (node is not null && podKey is not null)
            {
                var agent = target.Grains.GetGrain<INodeAgentGrain>(node);
                return new AgentTunnelStream(agent, await agent.TunnelOpen(podKey, port).WaitAsync(ct));
            }
            // An endpoint that is no pod: only a loopback address is ever dialled (never a bridge or outside address).
            if (!IPAddress.TryParse(ip, out var address) || !IPAddress.IsLoopback(address))
                throw new HttpRequestException($"address not allowed: {ip}");
            var socket = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, port, ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    /// <summary>
    /// Matches <c>api/v1/namespaces/NS/(pods|services)/ID/proxy[/...]</c> and <c>api/v1/nodes/ID/proxy[/...]</c>; returns
    /// the kind, namespace ("" for nodes), id and the path after "proxy" ("" when there is none).
    /// </summary>
    public static (ResourceKind Kind, string Namespace, string Id, string Remainder)? Match(string path)
    {
        var segments = path.TrimStart('/').Split('/');
        if (segments is ["api", "v1", "nodes", { Length: > 0 } node, "proxy", ..])
        {
            var nodePrefix = $"/api/v1/nodes/{node}/proxy";
            return (ResourceKinds.Node, "", node, path.Length > nodePrefix.Length ? path[nodePrefix.Length..] : "");
        }
        if (segments is not ["api", "v1", "namespaces", { Length: > 0 } ns, "pods" or "services", { Length: > 0 } id, "proxy", ..])
            return null;
        var prefix = $"/api/v1/namespaces/{ns}/{segments[4]}/{id}/proxy";
        return (segments[4] == "pods" ? ResourceKinds.Pod : ResourceKinds.Service, ns, id, path.Length > prefix.Length ? path[prefix.Length..] : "");
    }

    public async Task HandleAsync(HttpContext http, ResourceKind kind, string ns, string id, string rest)
    {
        if (rest.Length == 0)
        {
            // kube redirects an empty proxy path to ".../proxy/" so relative links in the answer resolve below it.
            http.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            http.Response.Headers.Location = $"{http.Request.PathBase}{http.Request.Path}/{http.Request.QueryString}";
            return;
        }
        if (kind == ResourceKinds.Node)
        {
            await NodeProxy.HandleAsync(http, grains, id, rest);
            return;
        }
        ProxyTarget target;
        try
        {
            target = kind == ResourceKinds.Pod ? await ProxyTarget.ForPodAsync(grains, ns, id) : await ProxyTarget.ForServiceAsync(grains, ns, id);
        }
        catch (ProxyTarget.Unreachable unreachable)
        {
            await http.Response.WriteJsonAsync(unreachable.Code, unreachable.Status);
            return;
        }
        var scheme = target.Scheme.Length > 0 ? target.Scheme : "http";
        var error = await forwarder.SendAsync(http, $"{scheme}://{target.Ip}:{target.Port}", client, RequestConfig,
            new Transformer(rest, new TargetOption(target, grains)));
        if (error != ForwarderError.None && !http.Response.HasStarted)
        {
            var cause = http.Features.Get<IForwarderErrorFeature>()?.Exception?.GetBaseException().Message ?? error.ToString();
            await http.Response.WriteJsonAsync(503, StatusErrors.ServiceUnavailable($"error trying to reach service: {cause}"));
        }
    }

    /// <summary>The target and the grain factory its connection is opened through, carried on the request to the connect callback.</summary>
    private sealed record TargetOption(ProxyTarget Target, IGrainFactory Grains);

    private sealed class Transformer(string path, TargetOption target) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, new PathString(path), httpContext.Request.QueryString);
            // kube-apiserver drops the credentials it authenticated the request with; the pod never sees them.
            proxyRequest.Headers.Authorization = null;
            foreach (var header in proxyRequest.Headers.Select(h => h.Key).Where(h => h.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)).ToList())
                proxyRequest.Headers.Remove(header);
            proxyRequest.Options.Set(TargetKey, target);
        }
    }
}
