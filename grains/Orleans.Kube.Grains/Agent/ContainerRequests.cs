using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>A container's configuration could not be assembled (kube's CreateContainerConfigError).</summary>
public sealed class ContainerConfigException(string message) : Exception(message);

/// <summary>Builds the runtime request for one container of a pod: command, env (with valueFrom), ports, limits, labels.</summary>
public static class ContainerRequests
{
    /// <summary>Reads a ConfigMap or Secret ("ConfigMap"/"Secret", namespace, name); null when missing.</summary>
    public delegate Task<JsonObject?> ObjectReader(string kind, string ns, string name);

    public static async Task<ContainerCreateRequest> BuildAsync(JsonObject pod, JsonObject container, bool init, int attempt,
        string nodeName, string bindAddress, ObjectReader read, IReadOnlyList<MountSpec> mounts, PodNetworkJoin? network = null)
    {
        var ns = pod.Namespace()!;
        var podName = pod.Name()!;
        var uid = pod.Uid()!;
        var name = container.GetString("name")!;
        var env = await EnvironmentAsync(pod, container, ns, bindAddress, read);
        // In a pod sandbox the sandbox publishes the ports and the container sees the Services' variables (its own env wins).
        var ports = network is null ? Ports(pod, container, bindAddress) : [];
        if (network is not null)
            foreach (var (key, value) in network.ServiceEnv)
                env.TryAdd(key, value);

        var limits = container["resources"]?["limits"] as JsonObject;
        return new ContainerCreateRequest(
            Name: $"okube_{ns}_{podName}_{name}_{uid[..8]}_{attempt}",
            Image: container.GetString("image")!,
            Command: Strings(container["command"]),
            Args: Strings(container["args"]),
            Env: env,
            WorkingDir: container.GetString("workingDir"),
            Ports: ports,
            MemoryLimitBytes: limits?["memory"] is { } memory ? Quantity.Parse(memory.ToString()).Value : null,
            NanoCpus: limits?["cpu"] is { } cpu ? Quantity.Parse(cpu.ToString()).NanoValue : null,
            Labels: new Dictionary<string, string>
            {
                [ContainerLabels.Node] = nodeName,
                [ContainerLabels.PodUid] = uid,
                [ContainerLabels.PodNamespace] = ns,
                [ContainerLabels.PodName] = podName,
                [ContainerLabels.Container] = name,
                [ContainerLabels.Attempt] = attempt.ToString(CultureInfo.InvariantCulture),
                [ContainerLabels.Init] = init ? "true" : "false",
            },
            Mounts: network is null ? mounts : [.. mounts, .. network.Mounts.Where(m => mounts.All(own => own.ContainerPath != m.ContainerPath))])
        {
            NetworkMode = network?.NetworkMode,
            Console = new ContainerConsole(Flag(container, "stdin"), Flag(container, "stdinOnce"), Flag(container, "tty")),
        };
    }

    private static bool Flag(JsonObject container, string field) => container[field] is JsonValue v && v.TryGetValue<bool>(out var on) && on;

    /// <summary>
    /// Every container port is published on the pod's own loopback IP under its own number (so
    /// podIP:containerPort reaches it, as in a pod network), and on the node's address when the
    /// spec asks for a hostPort. Probe ports nobody declared are published too, for the probes.
    /// </summary>
    public static List<PortMapping> Ports(JsonObject pod, JsonObject container, string bindAddress)
    {
        var podIp = pod["status"].GetString("podIP");
        var ports = new List<PortMapping>();
        void Publish(int containerPort, string protocol)
        {
            // A pod bound before it had an IP falls back to an ephemeral port on the node's address.
            ports.Add(podIp is { Length: > 0 } && podIp != bindAddress
                ? new PortMapping(containerPort, protocol, podIp, containerPort)
                : new PortMapping(containerPort, protocol, bindAddress, 0));
        }
        foreach (var port in (container["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var containerPort = port["containerPort"]!.GetValue<int>();
            var protocol = port.GetString("protocol") ?? "TCP";
            Publish(containerPort, protocol);
            if (port["hostPort"]?.GetValue<int>() is { } hostPort and not 0)
                ports.Add(new PortMapping(containerPort, protocol, bindAddress, hostPort));
        }
        foreach (var probePort in ProbePorts(container))
            if (ports.All(p => p.ContainerPort != probePort))
                Publish(probePort, "TCP");
        return ports;
    }

    public static IEnumerable<int> ProbePorts(JsonObject container)
    {
        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            var port = container[probe]?["httpGet"]?["port"] ?? container[probe]?["tcpSocket"]?["port"];
            if (port is JsonValue v && v.TryGetValue<int>(out var number))
                yield return number;
            else if (port is JsonValue named && named.TryGetValue<string>(out var portName) &&
                     (container["ports"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => p.GetString("name") == portName) is { } declared)
                yield return declared["containerPort"]!.GetValue<int>();
        }
    }

    private static async Task<Dictionary<string, string>> EnvironmentAsync(JsonObject pod, JsonObject container, string ns, string bindAddress, ObjectReader read)
    {
        var env = new Dictionary<string, string>();
        foreach (var source in (container["envFrom"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var prefix = source.GetString("prefix") ?? "";
            var (kind, reference) = source["configMapRef"] is JsonObject cm ? ("ConfigMap", cm) : ("Secret", source["secretRef"] as JsonObject);
            if (reference?.GetString("name") is not { } refName)
                continue;
            var obj = await read(kind, ns, refName);
            if (obj is null)
            {
                if (reference["optional"]?.GetValue<bool>() == true) continue;
                throw new ContainerConfigException($"{kind.ToLowerInvariant()} \"{refName}\" not found");
            }
            foreach (var (key, value) in Data(kind, obj))
                env[prefix + key] = value;
        }
        foreach (var variable in (container["env"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = variable.GetString("name")!;
            if (variable["valueFrom"] is not JsonObject from)
            {
                env[name] = Expand(variable.GetString("value") ?? "", env);
                continue;
            }
            if (from["fieldRef"] is JsonObject field)
                env[name] = FieldValue(pod, field.GetString("fieldPath") ?? "", bindAddress);
            else if ((from["configMapKeyRef"] ?? from["secretKeyRef"]) is JsonObject keyRef)
            {
                var kind = from["configMapKeyRef"] is not null ? "ConfigMap" : "Secret";
                var refName = keyRef.GetString("name") ?? "";
                var key = keyRef.GetString("key") ?? "";
                var obj = await read(kind, ns, refName);
                var data = obj is null ? null : Data(kind, obj);
                if (data is not null && data.TryGetValue(key, out var value))
                    env[name] = value;
                else if (keyRef["optional"]?.GetValue<bool>() != true)
                    throw new ContainerConfigException(obj is null
                        ? $"{kind.ToLowerInvariant()} \"{refName}\" not found"
                        : $"couldn't find key {key} in {kind} {ns}/{refName}");
            }
            else if (from["resourceFieldRef"] is JsonObject resource)
                env[name] = container["resources"]?["limits"]?[resource.GetString("resource")?.Split('.').Last() ?? ""]?.ToString() ?? "0";
        }
        return env;
    }

    private static Dictionary<string, string> Data(string kind, JsonObject obj)
    {
        var data = ObjectMeta.StringMap(obj["data"]);
        if (kind == "Secret")
            return data.ToDictionary(p => p.Key, p => Encoding.UTF8.GetString(Convert.FromBase64String(p.Value)));
        return data;
    }

    /// <summary>$(VAR) references to earlier variables, as kubelet expands them; $$ escapes.</summary>
    private static string Expand(string value, Dictionary<string, string> env)
    {
        var output = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '$') { output.Append('$'); i++; continue; }
            if (value[i] == '$' && i + 1 < value.Length && value[i + 1] == '(' && value.IndexOf(')', i) is var close and > 0)
            {
                var reference = value[(i + 2)..close];
                if (env.TryGetValue(reference, out var resolved)) { output.Append(resolved); i = close; continue; }
            }
            output.Append(value[i]);
        }
        return output.ToString();
    }

    private static string FieldValue(JsonObject pod, string path, string bindAddress)
    {
        if (path.StartsWith("metadata.labels['") || path.StartsWith("metadata.annotations['"))
        {
            var map = path.StartsWith("metadata.labels") ? "labels" : "annotations";
            var key = path[(path.IndexOf('\'') + 1)..path.LastIndexOf('\'')];
            return pod["metadata"]?[map]?[key]?.ToString() ?? "";
        }
        return path switch
        {
            "metadata.name" => pod.Name() ?? "",
            "metadata.namespace" => pod.Namespace() ?? "",
            "metadata.uid" => pod.Uid() ?? "",
            "spec.nodeName" => pod["spec"].GetString("nodeName") ?? "",
            "spec.serviceAccountName" => pod["spec"].GetString("serviceAccountName") ?? "default",
            "status.podIP" or "status.podIPs" => pod["status"].GetString("podIP") ?? bindAddress,
            "status.hostIP" or "status.hostIPs" => bindAddress,
            _ => "",
        };
    }

    private static List<string>? Strings(JsonNode? node) =>
        (node as JsonArray)?.Select(n => n?.ToString() ?? "").ToList();
}
