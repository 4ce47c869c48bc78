using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Networking;

namespace Orleans.Kube.Proxy;

/// <summary>
/// Turns Services and EndpointSlices into the frontends a node proxy serves: every TCP port of
/// a service on its ClusterIP, and on the node address at its NodePort, each with the ready
/// endpoints of that port. Only loopback backends are ever used.
/// </summary>
public static class ProxyRules
{
    public static List<Frontend> Frontends(IEnumerable<JsonObject> services, IEnumerable<JsonObject> slices, IPAddress nodeAddress)
    {
        var slicesByService = slices
            .Where(s => s.Labels().ContainsKey(ServiceEndpoints.ServiceNameLabel))
            .ToLookup(s => (s.Namespace(), s.Labels()[ServiceEndpoints.ServiceNameLabel]));
        var frontends = new List<Frontend>();
        foreach (var service in services)
        {
            var spec = service["spec"] as JsonObject;
            var clusterIp = IPAddress.TryParse(spec.GetString("clusterIP") ?? "", out var ip) && IsLoopback(ip) ? ip : null;
            var scheduling = SchedulingAnnotation.Parse(service["metadata"]?["annotations"]?[SchedulingAnnotation.Name]?.ToString());
            TimeSpan? affinity = spec.GetString("sessionAffinity") == "ClientIP"
                ? TimeSpan.FromSeconds(spec?["sessionAffinityConfig"]?["clientIP"]?["timeoutSeconds"]?.GetValue<int>() ?? 10800)
                : null;
            var serviceSlices = slicesByService[(service.Namespace(), service.Name()!)].ToList();
            foreach (var port in (spec?["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if ((port.GetString("protocol") ?? "TCP") != "TCP" || port["port"]?.GetValue<int>() is not { } number)
                    continue;
                var portName = port.GetString("name") ?? "";
                var key = ServicePortKey(service, portName, number);
                var backends = ReadyBackends(serviceSlices, portName);
                if (clusterIp is not null)
                    frontends.Add(new Frontend(new IPEndPoint(clusterIp, number), key, backends, scheduling, affinity));
                if (port["nodePort"]?.GetValue<int>() is { } nodePort and > 0)
                    frontends.Add(new Frontend(new IPEndPoint(nodeAddress, nodePort), key, backends, scheduling, affinity));
            }
        }
        return frontends;
    }

    /// <summary>"ns/name:portName", or "ns/name:number" for an unnamed port: the key of a port's backend pool.</summary>
    private static string ServicePortKey(JsonObject service, string portName, int number) =>
        $"{service.Namespace()}/{service.Name()}:{(portName.Length > 0 ? portName : number)}";

    /// <summary>Every way an ingress backend may name a service port ("ns/name:80", "ns/name:http") with its pool key.</summary>
    public static IEnumerable<(string Alias, string ServicePortKey)> PortAliases(IEnumerable<JsonObject> services)
    {
        foreach (var service in services)
            foreach (var port in (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (port["port"]?.GetValue<int>() is not { } number)
                    continue;
                var portName = port.GetString("name") ?? "";
                var key = ServicePortKey(service, portName, number);
                yield return ($"{service.Namespace()}/{service.Name()}:{number}", key);
                if (portName.Length > 0)
                    yield return ($"{service.Namespace()}/{service.Name()}:{portName}", key);
            }
    }

    private static List<Backend> ReadyBackends(List<JsonObject> slices, string portName)
    {
        var backends = new List<Backend>();
        foreach (var slice in slices)
        {
            var port = (slice["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => (p.GetString("name") ?? "") == portName)?["port"]?.GetValue<int>();
            if (port is null)
                continue;
            foreach (var endpoint in (slice["endpoints"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                // An absent ready condition means ready (the EndpointSlice API's rule).
                if (endpoint["conditions"]?["ready"]?.GetValue<bool>() == false)
                    continue;
                foreach (var address in (endpoint["addresses"] as JsonArray)?.Select(a => a?.ToString()) ?? [])
                    if (IPAddress.TryParse(address, out var ip) && IsLoopback(ip))
                        backends.Add(new Backend(ip, port.Value));
            }
        }
        return backends;
    }

    /// <summary>The network rule: the proxy only ever listens on, and forwards to, 127.0.0.0/8.</summary>
    public static bool IsLoopback(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetwork && IPAddress.IsLoopback(ip);
}
