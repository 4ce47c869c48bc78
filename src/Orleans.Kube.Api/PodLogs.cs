using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>GET pods/NAME/log: proxied to the node agent of the pod's host, streamed as text/plain.</summary>
internal static class PodLogs
{
    public static async Task StreamAsync(HttpContext http, IGrainFactory grains, ApiPath path)
    {
        var result = await grains.For(ResourceKinds.Pod, path.Namespace, path.Name!).Get();
        if (!result.IsSuccess)
        {
            await http.Response.WriteAsync(result);
            return;
        }
        var pod = KubeJson.ParseObject(result.Body);
        var query = http.Request.Query;
        var names = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().Select(c => c.GetString("name")!).ToList() ?? [];
        var inits = (pod["spec"]?["initContainers"] as JsonArray)?.OfType<JsonObject>().Select(c => c.GetString("name")!).ToList() ?? [];
        var container = query["container"].ToString() is { Length: > 0 } asked ? asked : null;
        if (container is null && names.Count > 1)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest(
                $"a container name must be specified for pod {path.Name}, choose one of: [{string.Join(" ", names)}]"));
            return;
        }
        container ??= names.FirstOrDefault();
        if (container is null || (!names.Contains(container) && !inits.Contains(container)))
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"container {container} is not valid for pod {path.Name}"));
            return;
        }
        if (pod["spec"].GetString("nodeName") is not { Length: > 0 } node)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest(
                $"container \"{container}\" in pod \"{path.Name}\" is waiting to start: ContainerCreating"));
            return;
        }

        var request = new LogRequest(
            container,
            Follow: query["follow"] == "true",
            TailLines: long.TryParse(query["tailLines"], out var tail) ? tail : null,
            SinceSeconds: long.TryParse(query["sinceSeconds"], out var since) ? since : null,
            Timestamps: query["timestamps"] == "true",
            Previous: query["previous"] == "true");
        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain";
        // A browser would otherwise sniff (and hold back) the first KiB of a followed log before handing any of it over.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        await http.Response.Body.FlushAsync(http.RequestAborted);
        try
        {
            await foreach (var chunk in grains.GetGrain<INodeAgentGrain>(node)
                               .Logs(ResourceGrains.Key(path.Namespace, path.Name!), request, http.RequestAborted)
                               .WithCancellation(http.RequestAborted))
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // kubectl logs -f ended by the user.
        }
    }
}
