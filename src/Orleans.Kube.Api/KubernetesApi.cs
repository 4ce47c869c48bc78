using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Orleans.Kube.Api;

public static class KubernetesApi
{
    /// <summary>Maps the Kubernetes-compatible REST surface that kubectl and client libraries use.</summary>
    public static IEndpointRouteBuilder MapKubernetesApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/version", () => Results.Json(ServerVersion.Current));
        return routes;
    }
}
