using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api.Proxy;

/// <summary>
/// Where a pods/NAME/proxy or services/NAME/proxy request goes: a pod's IP and port, reached through its node's agent;
/// or, for an endpoint that is no pod (a Service without a selector and Endpoints of its own), a loopback address
/// dialled directly (<see cref="Node"/> and <see cref="PodKey"/> null).
/// </summary>
internal sealed record ProxyTarget(string Scheme, string? Node, string? PodKey, string Ip, int Port)
{
    /// <summary>kube's "error trying to reach service": the answer when the target cannot be resolved or dialled.</summary>
    public sealed class Unreachable(int code, string status) : Exception(status)
    {
        public int Code { get; } = code;
        public string Status { get; } = status;
    }

    /// <summary>
    /// kube's utilnet.SplitSchemeNamePort: "name", "name:port" or "scheme:name:port", the scheme "", "http" or "https".
    /// </summary>
    public static (string Scheme, string Name, string Port)? Split(string id)
    {
        var parts = id.Split(':');
        var (scheme, name, port) = parts.Length switch
        {
            1 => ("", parts[0], ""),
            2 => ("", parts[0], parts[1]),
            3 => (parts[0], parts[1], parts[2]),
            _ => ("", "", ""),
        };
        return name.Length > 0 && scheme is "" or "http" or "https" ? (scheme, name, port) : null;
    }

    /// <summary>As kube's pod ResourceLocation: the port given, else the first declared container port, else the scheme's default.</summary>
    public static async Task<ProxyTarget> ForPodAsync(IGrainFactory grains, string ns, string id)
    {
        var (scheme, name, port) = Split(id) ?? throw new Unreachable(400, StatusErrors.BadRequest($"invalid pod request \"{id}\""));
        var pod = await ReadAsync(grains, ResourceKinds.Pod, ns, name);
        if (port.Length == 0)
            port = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>()
                .Select(c => (c["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["containerPort"]?.ToString())
                .FirstOrDefault(p => p is not null) ?? "";
        var ip = pod["status"].GetString("podIP");
        if (ip is not { Length: > 0 } || pod["spec"].GetString("nodeName") is not { Length: > 0 } node)
            throw new Unreachable(400, StatusErrors.BadRequest("address not allowed"));
        return new ProxyTarget(scheme, node, ResourceGrains.Key(ns, name), ip, PortNumber(scheme, port, ip));
    }

    /// <summary>
    /// As kube's service ResourceLocation: a port number names the service port that has it; a random ready address of
    /// the Endpoints subset with that port name is the target (its targetPort), so the Service's ClusterIP is not dialled.
    /// </summary>
    public static async Task<ProxyTarget> ForServiceAsync(IGrainFactory grains, string ns, string id)
    {
        var (scheme, name, port) = Split(id) ?? throw new Unreachable(400, StatusErrors.BadRequest($"invalid service request \"{id}\""));
        if (int.TryParse(port, out var number))
        {
            var service = await ReadAsync(grains, ResourceKinds.Service, ns, name);
            port = (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(p => p["port"]?.GetValue<int>() == number) is { } servicePort
                ? servicePort.GetString("name") ?? ""
                : throw new Unreachable(503, StatusErrors.ServiceUnavailable($"no service port {number} found for service \"{name}\""));
        }
        var endpoints = await ReadAsync(grains, ResourceKinds.Endpoints, ns, name);
        var subsets = (endpoints["subsets"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var candidates = (
            from subset in subsets
            from subsetPort in (subset["ports"] as JsonArray)?.OfType<JsonObject>() ?? []
            where (subsetPort.GetString("name") ?? "") == port
            from address in (subset["addresses"] as JsonArray)?.OfType<JsonObject>() ?? []
            let pod = address["targetRef"].GetString("kind") == "Pod" ? address["targetRef"].GetString("name") : null
            let node = address.GetString("nodeName")
            where pod is null || node is { Length: > 0 }
            select new ProxyTarget(
                scheme,
                pod is null ? null : node,
                pod is null ? null : ResourceGrains.Key(address["targetRef"].GetString("namespace") ?? ns, pod),
                address.GetString("ip")!,
                subsetPort["port"]!.GetValue<int>())).ToList();
        if (candidates.Count == 0)
            throw new Unreachable(503, StatusErrors.ServiceUnavailable($"no endpoints available for service \"{(subsets.Count == 0 ? name : id)}\""));
        return candidates[Random.Shared.Next(candidates.Count)];
    }

    private static int PortNumber(string scheme, string port, string ip)
    {
        if (port.Length == 0)
            return scheme == "https" ? 443 : 80;
        return int.TryParse(port, out var number) && number is > 0 and < 65536
            ? number
            : throw new Unreachable(503, StatusErrors.ServiceUnavailable($"error trying to reach service: dial tcp: address {ip}:{port}: unknown port"));
    }

    private static async Task<JsonObject> ReadAsync(IGrainFactory grains, ResourceKind kind, string ns, string name)
    {
        var result = await grains.For(kind, ns, name).Get();
        return result.IsSuccess ? KubeJson.ParseObject(result.Body) : throw new Unreachable(result.Code, result.Body);
    }
}
