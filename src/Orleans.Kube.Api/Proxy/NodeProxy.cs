using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api.Proxy;

/// <summary>
/// <c>/api/v1/nodes/[SCHEME:]NAME[:PORT]/proxy/PATH</c>: kube-apiserver proxies it to the node's kubelet; here the node's
/// agent answers the kubelet's read endpoints it has (<see cref="INodeAgentGrain.KubeletGet"/>: /healthz,
/// /metrics/resource, /stats/summary, /pods). Any other path is a 404 Status; only the kubelet port is served.
/// </summary>
internal static class NodeProxy
{
    /// <summary>The kubelet port our nodes report (status.daemonEndpoints.kubeletEndpoint).</summary>
    private const string KubeletPort = "10250";
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(5);

    public static async Task HandleAsync(HttpContext http, IGrainFactory grains, string id, string path)
    {
        if (ProxyTarget.Split(id) is not var (_, name, port))
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"invalid node request \"{id}\""));
            return;
        }
        if (http.Request.Method is not ("GET" or "HEAD"))
        {
            await http.Response.WriteJsonAsync(405, StatusErrors.MethodNotAllowed($"{http.Request.Method} is not supported on {http.Request.Path}"));
            return;
        }
        var node = await grains.For(ResourceKinds.Node, null, name).Get();
        if (!node.IsSuccess)
        {
            await http.Response.WriteAsync(node);
            return;
        }
        if (port is not ("" or KubeletPort))
        {
            await http.Response.WriteJsonAsync(503, StatusErrors.ServiceUnavailable($"error trying to reach service: dial tcp {name}:{port}: connect: connection refused"));
            return;
        }
        KubeletAnswer? answer;
        try
        {
            answer = await grains.GetGrain<INodeAgentGrain>(name).KubeletGet(path).WaitAsync(AgentTimeout, http.RequestAborted);
        }
        catch (Exception ex) when (ex is TimeoutException or OrleansException)
        {
            await http.Response.WriteJsonAsync(503, StatusErrors.ServiceUnavailable($"error trying to reach service: the node agent of {name} did not answer: {ex.Message}"));
            return;
        }
        if (answer is null)
        {
            await http.Response.WriteJsonAsync(404, StatusErrors.NotFoundPath());
            return;
        }
        http.Response.StatusCode = 200;
        http.Response.ContentType = answer.ContentType;
        if (http.Request.Method == "GET")
            await http.Response.WriteAsync(answer.Body, http.RequestAborted);
    }
}
