using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orleans.Kube.Grains.Abstractions;

namespace Orleans.Kube.Api;

public static class HealthEndpoints
{
    /// <summary>
    /// /healthz answers while the process serves HTTP; /readyz only once a grain can be activated
    /// and its PostgreSQL state read, i.e. the silo is a working member of the cluster.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => Results.Text("ok"));
        routes.MapGet("/livez", () => Results.Text("ok"));
        routes.MapGet("/readyz", async (IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            try
            {
                await grains.GetGrain<ISelfCheckGrain>("readyz").Read().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return Results.Text("ok");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return Results.Text($"not ready: {ex.GetType().Name}: {ex.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return routes;
    }
}
