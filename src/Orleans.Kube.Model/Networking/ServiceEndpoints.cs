using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Model.Selectors;

namespace Orleans.Kube.Model.Networking;

/// <summary>
/// What the endpoints controllers derive from a Service and the pods of its namespace: the
/// Endpoints object and the EndpointSlices. Pure and deterministic (sorted, stable names), so a
/// controller can compare with what is stored and write only real changes.
/// </summary>
public static class ServiceEndpoints
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.okube.io";

    /// <summary>A pod behind a service, with the ports it offers for each service port.</summary>
    private sealed record Backend(JsonObject Pod, string Ip, bool Ready, bool Terminating, int[] Ports);

    /// <summary>True when the service selects pods (services without a selector have hand-made endpoints).</summary>
    public static bool IsManaged(JsonObject service) =>
        service["spec"]?["selector"] is JsonObject { Count: > 0 } && service["spec"].GetString("type") != "ExternalName";

    public static JsonObject Endpoints(JsonObject service, IEnumerable<JsonObject> pods)
    {
        var servicePorts = ServicePorts(service);
        var publishNotReady = service["spec"]?["publishNotReadyAddresses"]?.GetValue<bool>() == true;
        var subsets = new JsonArray();
        foreach (var group in Backends(service, pods).Where(b => !b.Terminating).GroupBy(b => string.Join(",", b.Ports)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ports = group.First().Ports;
            var ready = group.Where(b => b.Ready || publishNotReady).Select(Address).ToArray();
            var notReady = group.Where(b => !b.Ready && !publishNotReady).Select(Address).ToArray();
            var subset = new JsonObject();
            if (ready.Length > 0) subset["addresses"] = new JsonArray(ready);
            if (notReady.Length > 0) subset["notReadyAddresses"] = new JsonArray(notReady);
            if (servicePorts.Count > 0)
                subset["ports"] = new JsonArray(servicePorts.Select((p, i) => (JsonNode)PortEntry(p, ports[i], unnamedAsEmpty: false)).ToArray());
            subsets.Add(subset);
        }
        var endpoints = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject
            {
                ["name"] = service.Name(),
                ["namespace"] = service.Namespace(),
                ["labels"] = service["metadata"]?["labels"]?.DeepClone() ?? new JsonObject(),
            },
        };
        if (subsets.Count > 0)
            endpoints["subsets"] = subsets;
        return endpoints;
    }

    /// <summary>One slice per distinct set of target port numbers (a named targetPort may resolve differently per pod).</summary>
    public static List<JsonObject> Slices(JsonObject service, IEnumerable<JsonObject> pods)
    {
        var servicePorts = ServicePorts(service);
        var publishNotReady = service["spec"]?["publishNotReadyAddresses"]?.GetValue<bool>() == true;
        var groups = Backends(service, pods).GroupBy(b => string.Join(",", b.Ports)).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var slices = new List<JsonObject>();
        foreach (var group in groups)
            slices.Add(Slice(service, servicePorts, group.First().Ports, group.Select(b => Endpoint(service, b, publishNotReady))));
        if (slices.Count == 0)
            slices.Add(Slice(service, servicePorts, servicePorts.Select(p => p["targetPort"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0).ToArray(), []));
        return slices;
    }

    private static JsonObject Slice(JsonObject service, List<JsonObject> servicePorts, int[] ports, IEnumerable<JsonObject> endpoints)
    {
        var name = service.Name()!;
        var suffix = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", ports))))[..5];
        var labels = service["metadata"]?["labels"]?.DeepClone() as JsonObject ?? new JsonObject();
        labels[ServiceNameLabel] = name;
        labels[ManagedByLabel] = ManagedBy;
        return new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{(name.Length > 56 ? name[..56] : name)}-{suffix}",
                ["namespace"] = service.Namespace(),
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(OwnerReferences.ControlledBy(ResourceKinds.Service, service)),
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(endpoints.Select(e => (JsonNode)e).ToArray()),
            ["ports"] = new JsonArray(servicePorts.Select((p, i) => (JsonNode)PortEntry(p, ports[i], unnamedAsEmpty: true)).ToArray()),
        };
    }

    private static JsonObject Endpoint(JsonObject service, Backend backend, bool publishNotReady)
    {
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray(backend.Ip),
            ["conditions"] = new JsonObject
            {
                ["ready"] = (backend.Ready || publishNotReady) && !backend.Terminating,
                ["serving"] = backend.Ready || publishNotReady,
                ["terminating"] = backend.Terminating,
            },
            ["targetRef"] = TargetRef(backend.Pod),
        };
        // A pod naming this service as its subdomain is known to the DNS by its hostname.
        if (backend.Pod["spec"].GetString("hostname") is { Length: > 0 } hostname && backend.Pod["spec"].GetString("subdomain") == service.Name())
            endpoint["hostname"] = hostname;
        if (backend.Pod["spec"].GetString("nodeName") is { } node)
            endpoint["nodeName"] = node;
        return endpoint;
    }

    private static JsonObject Address(Backend backend)
    {
        var address = new JsonObject { ["ip"] = backend.Ip };
        if (backend.Pod["spec"].GetString("nodeName") is { } node)
            address["nodeName"] = node;
        address["targetRef"] = TargetRef(backend.Pod);
        return address;
    }

    private static JsonObject TargetRef(JsonObject pod) => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = pod.Namespace(),
        ["name"] = pod.Name(),
        ["uid"] = pod.Uid(),
    };

    /// <summary>
    /// An Endpoints port leaves out an empty name (omitempty); an EndpointSlice port always has one,
    /// "" when unnamed, as kube's controller writes it (kubectl describe dereferences it).
    /// </summary>
    private static JsonObject PortEntry(JsonObject servicePort, int targetPort, bool unnamedAsEmpty)
    {
        var entry = new JsonObject();
        var name = servicePort.GetString("name") ?? "";
        if (name.Length > 0 || unnamedAsEmpty)
            entry["name"] = name;
        entry["port"] = targetPort;
        entry["protocol"] = servicePort.GetString("protocol") ?? "TCP";
        return entry;
    }

    private static List<JsonObject> ServicePorts(JsonObject service) =>
        (service["spec"]?["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];

    /// <summary>Selected pods that have an IP and are not finished, with every service port resolved on them.</summary>
    private static IEnumerable<Backend> Backends(JsonObject service, IEnumerable<JsonObject> pods)
    {
        var selector = LabelSelector.FromSet(ObjectMeta.StringMap(service["spec"]?["selector"]));
        var servicePorts = ServicePorts(service);
        var backends = new List<Backend>();
        foreach (var pod in pods)
        {
            if (!selector.Matches(pod) || pod["status"].GetString("podIP") is not { Length: > 0 } ip)
                continue;
            if (pod["status"].GetString("phase") is "Succeeded" or "Failed")
                continue;
            var ports = servicePorts.Select(p => ResolveTargetPort(pod, p["targetPort"] ?? p["port"])).ToArray();
            if (ports.Any(p => p is null))
                continue;
            var ready = (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .Any(c => c.GetString("type") == "Ready" && c.GetString("status") == "True") == true;
            backends.Add(new Backend(pod, ip, ready, pod.DeletionTimestamp() is not null, ports.Select(p => p!.Value).ToArray()));
        }
        return backends.OrderBy(b => b.Ip, StringComparer.Ordinal).ThenBy(b => b.Pod.Name(), StringComparer.Ordinal);
    }

    /// <summary>A numeric targetPort as is; a named one is looked up among the pod's container ports.</summary>
    public static int? ResolveTargetPort(JsonObject pod, JsonNode? targetPort)
    {
        if (targetPort is JsonValue value && value.TryGetValue<int>(out var number))
            return number;
        var name = targetPort?.ToString();
        foreach (var container in (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
            foreach (var port in (container["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
                if (port.GetString("name") == name && port["containerPort"] is JsonValue containerPort && containerPort.TryGetValue<int>(out var resolved))
                    return resolved;
        return null;
    }
}
