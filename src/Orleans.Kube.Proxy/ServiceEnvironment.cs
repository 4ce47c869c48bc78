using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Proxy;

/// <summary>
/// The variables kubelet gives a container for each Service of its namespace that exists when it
/// starts (enableServiceLinks, default true; the master services of `default` always):
/// NAME_SERVICE_HOST/_PORT and the docker-link style NAME_PORT_80_TCP and friends.
/// </summary>
public static class ServiceEnvironment
{
    public static Dictionary<string, string> For(JsonObject pod, ClusterSnapshot snapshot)
    {
        var ns = pod.Namespace()!;
        var links = pod["spec"]?["enableServiceLinks"]?.GetValue<bool>() != false;
        var env = new Dictionary<string, string>();
        var services = snapshot.Services.Where(s => (links && s.Key.Namespace == ns) || (s.Key.Namespace == "default" && s.Key.Name == "kubernetes"))
            .OrderBy(s => s.Key.Namespace == ns ? 1 : 0).Select(s => s.Value);
        foreach (var service in services)
        {
            var spec = service["spec"];
            var ip = spec.GetString("clusterIP");
            if (ip is not { Length: > 0 } || ip == "None")
                continue;
            var ports = (spec?["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            if (ports.Count == 0)
                continue;
            var name = service.Name()!.ToUpperInvariant().Replace('-', '_');
            env[$"{name}_SERVICE_HOST"] = ip;
            env[$"{name}_SERVICE_PORT"] = Port(ports[0]);
            foreach (var port in ports.Where(p => p.GetString("name") is { Length: > 0 }))
                env[$"{name}_SERVICE_PORT_{port.GetString("name")!.ToUpperInvariant().Replace('-', '_')}"] = Port(port);
            var first = ports[0];
            env[$"{name}_PORT"] = $"{Protocol(first).ToLowerInvariant()}://{ip}:{Port(first)}";
            foreach (var port in ports)
            {
                var prefix = $"{name}_PORT_{Port(port)}_{Protocol(port)}";
                env[prefix] = $"{Protocol(port).ToLowerInvariant()}://{ip}:{Port(port)}";
                env[$"{prefix}_PROTO"] = Protocol(port).ToLowerInvariant();
                env[$"{prefix}_PORT"] = Port(port);
                env[$"{prefix}_ADDR"] = ip;
            }
        }
        return env;
    }

    private static string Port(JsonObject port) => port["port"]?.GetValue<int>().ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Protocol(JsonObject port) => (port.GetString("protocol") ?? "TCP").ToUpperInvariant();
}
