using System.Net;

namespace Orleans.Kube.Proxy.Policy;

/// <summary>
/// The NetworkPolicy decision for one connection, as kube defines it: a pod no policy selects for a direction is
/// open in that direction; a selected pod admits what at least one rule of one selecting policy allows. A connection
/// needs the source's egress and the destination's ingress. Endpoints that are not pods (the host: node proxy
/// clients, the ingress proxy) have no policies of their own and match only ipBlock peers.
/// </summary>
public static class NetworkPolicyEvaluator
{
    public static bool Allows(PolicyView view, IPAddress source, IPAddress destination, int port, string protocol = "TCP")
    {
        // A pod reaching itself (through its own Service) is never blocked, as kube's documentation has it for localhost.
        if (view.IsEmpty || source.Equals(destination))
            return true;
        var from = view.PodAt(source);
        var to = view.PodAt(destination);
        return (from is null || Admits(view, from, isIngress: false, source, to, destination, port, protocol))
            && (to is null || Admits(view, to, isIngress: true, source, from, destination, port, protocol));
    }

    /// <summary>
    /// Whether the policies selecting <paramref name="subject"/> for this direction let the connection through;
    /// <paramref name="peer"/> is the other end (null when not a pod). Named ports are the destination pod's.
    /// </summary>
    private static bool Admits(PolicyView view, PolicyPod subject, bool isIngress, IPAddress source, PolicyPod? peer,
        IPAddress destination, int port, string protocol)
    {
        var peerAddress = isIngress ? source : destination;
        var destinationPod = isIngress ? subject : peer;
        var selected = false;
        foreach (var policy in view.PoliciesIn(subject.Namespace))
        {
            if (!(isIngress ? policy.GovernsIngress : policy.GovernsEgress) || !policy.PodSelector.Matches(subject.Labels))
                continue;
            selected = true;
            foreach (var rule in isIngress ? policy.Ingress : policy.Egress)
                if (PortMatches(rule, destinationPod, port, protocol) && PeerMatches(view, policy.Namespace, rule, peer, peerAddress))
                    return true;
        }
        return !selected;
    }

    private static bool PeerMatches(PolicyView view, string policyNamespace, PolicyRule rule, PolicyPod? peer, IPAddress address)
    {
        if (rule.Peers is not { } peers)
            return true;
        foreach (var candidate in peers)
        {
            if (candidate.Block is { } block)
            {
                if (block.Contains(address) && !candidate.Except.Any(e => e.Contains(address)))
                    return true;
                continue;
            }
            if (peer is null)
                continue;
            var namespaceMatches = candidate.Namespaces is { } namespaces
                ? namespaces.Matches(view.NamespaceLabels(peer.Namespace))
                : peer.Namespace == policyNamespace;
            if (namespaceMatches && (candidate.Pods?.Matches(peer.Labels) ?? true))
                return true;
        }
        return false;
    }

    private static bool PortMatches(PolicyRule rule, PolicyPod? destination, int port, string protocol)
    {
        if (rule.Ports.IsEmpty)
            return true;
        foreach (var candidate in rule.Ports)
        {
            if (candidate.Protocol != protocol)
                continue;
            if (candidate.Name is { } name)
            {
                if (destination?.NamedPort(name, protocol) == port)
                    return true;
            }
            else if (candidate.Number is not { } number || (port >= number && port <= (candidate.EndPort ?? number)))
                return true;
        }
        return false;
    }
}
