using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Proxy.Policy;

/// <summary>What a network policy looks at in a pod: its namespace, labels, IP and named container ports.</summary>
public sealed record PolicyPod(string Namespace, string Name, IPAddress Address, IReadOnlyDictionary<string, string> Labels,
    ImmutableArray<(string Name, string Protocol, int Port)> Ports)
{
    /// <summary>The pod as policies see it; null while it has no IP or once it finished (its IP may be reused).</summary>
    public static PolicyPod? From(JsonObject pod)
    {
        var status = pod["status"] as JsonObject;
        if (status?["podIP"]?.GetValue<string>() is not { } ip || !IPAddress.TryParse(ip, out var address)
            || status["phase"]?.GetValue<string>() is "Succeeded" or "Failed")
            return null;
        var ports = ((pod["spec"]?["containers"] as JsonArray) ?? [])
            .Concat((pod["spec"]?["initContainers"] as JsonArray) ?? [])
            .SelectMany(c => (c?["ports"] as JsonArray) ?? [])
            .OfType<JsonObject>()
            .Where(p => p["name"] is not null && p["containerPort"] is not null)
            .Select(p => (p["name"]!.GetValue<string>(), p["protocol"]?.GetValue<string>() ?? "TCP", p["containerPort"]!.GetValue<int>()))
            .ToImmutableArray();
        return new PolicyPod(pod.Namespace() ?? "", pod.Name() ?? "", address, pod.Labels(), ports);
    }

    /// <summary>The number of the pod's container port <paramref name="name"/> for <paramref name="protocol"/>, if any.</summary>
    public int? NamedPort(string name, string protocol) =>
        Ports.Where(p => p.Name == name && p.Protocol == protocol).Select(p => (int?)p.Port).FirstOrDefault();
}
