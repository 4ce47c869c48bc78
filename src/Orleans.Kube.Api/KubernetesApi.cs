using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Kube.Api.Security;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

public static class KubernetesApi
{
    public static IServiceCollection AddKubernetesApi(this IServiceCollection services)
    {
        services.AddHostedService<ClusterBootstrap>();
        services.AddHostedService<CompactionService>();
        services.AddHostedService<EventExpiryService>();
        services.AddHostedService<Security.ClusterRoleAggregation>();
        services.AddSingleton<WatchStreamer>();
        services.AddSingleton<ResourceEndpoints>();
        services.AddHttpForwarder();
        services.AddSingleton<Proxy.SubresourceProxy>();
        return services;
    }

    /// <summary>Maps the Kubernetes-compatible REST surface that kubectl and client libraries use.</summary>
    public static IEndpointRouteBuilder MapKubernetesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/version", () => Results.Json(ServerVersion.Current));
        routes.MapGet("/api", (HttpContext http) => AggregatedDiscovery.Wanted(http.Request)
            ? Aggregated(http, core: true)
            : Json(DiscoveryDocuments.CoreVersions(http.Request.Host.Value ?? "127.0.0.1")));
        routes.MapGet("/apis", (HttpContext http) => AggregatedDiscovery.Wanted(http.Request)
            ? Aggregated(http, core: false)
            : Json(DiscoveryDocuments.GroupList()));
        OpenApiEndpoints.Map(routes);
        routes.Map("/api/{**rest}", Dispatch);
        routes.Map("/apis/{**rest}", Dispatch);
        return routes;
    }

    private static async Task Dispatch(HttpContext http, ResourceEndpoints endpoints, IGrainFactory grains, ServiceAccountTokens tokens, Proxy.SubresourceProxy proxy)
    {
        if (Proxy.SubresourceProxy.Match(http.Request.Path.Value ?? "") is { } proxied)
        {
            var proxyPath = new ApiPath("", "v1", proxied.Kind, proxied.Namespace.Length > 0 ? proxied.Namespace : null, proxied.Id, "proxy");
            await ApiMetrics.MeasureAsync(http, proxyPath, () => proxy.HandleAsync(http, proxied.Kind, proxied.Namespace, proxied.Id, proxied.Remainder));
            return;
        }
        var segments = (http.Request.Path.Value ?? "").Trim('/').Split('/');
        if (segments is ["apis", MetricsApi.Group, ..])
        {
            await MetricsApi.HandleAsync(http, segments);
            return;
        }
        if (await AccessReviews.TryHandleAsync(http, segments))
            return;
        if (segments is ["apis", var group] && http.Request.Method == "GET" && DiscoveryDocuments.Group(group) is { } groupDoc)
        {
            await http.Response.WriteJsonAsync(200, KubeJson.Write(groupDoc));
            return;
        }
        var path = ApiPath.Parse(http.Request.Path.Value ?? "");
        if (path is null)
        {
            await http.Response.WriteJsonAsync(404, StatusErrors.NotFoundPath());
            return;
        }
        if (path.Kind is null)
        {
            if (http.Request.Method == "GET" && DiscoveryDocuments.ResourceList(path.Group, path.Version) is { } list)
                await http.Response.WriteJsonAsync(200, KubeJson.Write(list));
            else
                await http.Response.WriteJsonAsync(404, StatusErrors.NotFoundPath());
            return;
        }
        if (path.Kind == ResourceKinds.ServiceAccount && path.Subresource == "token" && http.Request.Method == "POST")
        {
            await ApiMetrics.MeasureAsync(http, path, () => TokenRequests.CreateAsync(http, grains, tokens, path.Namespace!, path.Name!));
            return;
        }
        await ApiMetrics.MeasureAsync(http, path, () => HandleAsync(http, endpoints, path));
    }

    private static async Task HandleAsync(HttpContext http, ResourceEndpoints endpoints, ApiPath path)
    {
        try
        {
            await endpoints.HandleAsync(http, path);
        }
        catch (Exception ex) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            // Whatever fails below (PostgreSQL restarting, a silo dying mid-call) is still a Status.
            var unavailable = ex is System.Data.Common.DbException or TimeoutException or Orleans.Runtime.OrleansException;
            // As kube-apiserver while etcd is away: clients back off and retry instead of hanging.
            if (unavailable)
                http.Response.Headers.RetryAfter = "1";
            await http.Response.WriteJsonAsync(unavailable ? 503 : 500, unavailable
                ? StatusErrors.ServiceUnavailable($"the cluster could not complete the request, retry: {ex.Message}")
                : StatusErrors.Internal(ex.Message));
        }
    }

    /// <summary>The aggregated form, labelled with its media type (clients decide by Content-Type).</summary>
    private static IResult Aggregated(HttpContext http, bool core)
    {
        http.Response.Headers.Vary = "Accept";
        return Results.Text(KubeJson.Write(AggregatedDiscovery.List(core)), AggregatedDiscovery.MediaType);
    }

    private static IResult Json(System.Text.Json.Nodes.JsonObject doc) =>
        Results.Text(KubeJson.Write(doc), "application/json");
}
