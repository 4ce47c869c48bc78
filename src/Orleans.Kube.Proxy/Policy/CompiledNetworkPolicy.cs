using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Networking;
using Orleans.Kube.Model.Selectors;

namespace Orleans.Kube.Proxy.Policy;

/// <summary>
/// A NetworkPolicy with its selectors and CIDRs parsed once, so a connection is judged without touching JSON.
/// The object was validated and defaulted on the way in (policyTypes, port protocols).
/// </summary>
public sealed record CompiledNetworkPolicy(string Namespace, string Name, LabelSelector PodSelector,
    bool GovernsIngress, bool GovernsEgress, ImmutableArray<PolicyRule> Ingress, ImmutableArray<PolicyRule> Egress)
{
    public static CompiledNetworkPolicy From(JsonObject policy)
    {
        var spec = policy["spec"] as JsonObject;
        var types = ((spec?["policyTypes"] as JsonArray) ?? []).Select(t => t?.GetValue<string>()).ToList();
        var egress = Rules(spec?["egress"], "to");
        // Defaulting already filled policyTypes; an object stored before that gets the same reading.
        if (types.Count == 0)
            types = egress.IsEmpty ? ["Ingress"] : ["Ingress", "Egress"];
        return new CompiledNetworkPolicy(policy.Namespace() ?? "", policy.Name() ?? "", LabelSelector.FromLabelSelector(spec?["podSelector"]),
            types.Contains("Ingress"), types.Contains("Egress"), Rules(spec?["ingress"], "from"), egress);
    }

    private static ImmutableArray<PolicyRule> Rules(JsonNode? rules, string peers) =>
        ((rules as JsonArray) ?? []).OfType<JsonObject>().Select(r => new PolicyRule(
            r[peers] is JsonArray { Count: > 0 } list ? list.OfType<JsonObject>().Select(PolicyPeer.From).ToImmutableArray() : null,
            ((r["ports"] as JsonArray) ?? []).OfType<JsonObject>().Select(PolicyPort.From).ToImmutableArray())).ToImmutableArray();
}

/// <summary>One ingress or egress rule: <see cref="Peers"/> null means every peer, empty <see cref="Ports"/> every port.</summary>
public sealed record PolicyRule(ImmutableArray<PolicyPeer>? Peers, ImmutableArray<PolicyPort> Ports);

/// <summary>A rule's peer: pods by selectors (in the policy's namespace unless a namespaceSelector is given), or an ipBlock.</summary>
public sealed record PolicyPeer(LabelSelector? Pods, LabelSelector? Namespaces, IPNetwork? Block, ImmutableArray<IPNetwork> Except)
{
    public static PolicyPeer From(JsonObject peer)
    {
        IPNetwork? block = null;
        var except = ImmutableArray<IPNetwork>.Empty;
        if (peer["ipBlock"] is JsonObject ipBlock && Cidr.TryParse(ipBlock["cidr"]?.GetValue<string>(), out var cidr))
        {
            block = cidr;
            except = ((ipBlock["except"] as JsonArray) ?? []).Select(e => Cidr.TryParse(e?.GetValue<string>(), out var x) ? x : (IPNetwork?)null)
                .OfType<IPNetwork>().ToImmutableArray();
        }
        return new PolicyPeer(
            peer["podSelector"] is JsonObject pods ? LabelSelector.FromLabelSelector(pods) : null,
            peer["namespaceSelector"] is JsonObject namespaces ? LabelSelector.FromLabelSelector(namespaces) : null,
            block, except);
    }
}

/// <summary>A rule's port: a number (up to <see cref="EndPort"/>), a container port name, or any port of the protocol.</summary>
public sealed record PolicyPort(string Protocol, int? Number, int? EndPort, string? Name)
{
    public static PolicyPort From(JsonObject port)
    {
        var value = port["port"] as JsonValue;
        var name = value is not null && value.TryGetValue<string>(out var text) ? text : null;
        var number = value is not null && value.TryGetValue<int>(out var n) ? n : (int?)null;
        return new PolicyPort(port["protocol"]?.GetValue<string>() ?? "TCP", number, port["endPort"]?.GetValue<int>(), name);
    }
}
