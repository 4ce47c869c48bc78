using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Proxy.Policy;

/// <summary>
/// One consistent, immutable view of what network policies are judged against: the compiled policies by namespace,
/// the namespaces' labels and the live pods by IP. Changed by replacing parts, so readers never lock.
/// </summary>
public sealed record PolicyView(
    ImmutableDictionary<(string Namespace, string Name), CompiledNetworkPolicy> Policies,
    ImmutableDictionary<string, ImmutableArray<CompiledNetworkPolicy>> ByNamespace,
    ImmutableDictionary<string, IReadOnlyDictionary<string, string>> Namespaces,
    ImmutableDictionary<(string Namespace, string Name), PolicyPod> Pods,
    ImmutableDictionary<IPAddress, PolicyPod> PodsByIp)
{
    public static readonly PolicyView Empty = new(
        ImmutableDictionary<(string, string), CompiledNetworkPolicy>.Empty,
        ImmutableDictionary<string, ImmutableArray<CompiledNetworkPolicy>>.Empty,
        ImmutableDictionary<string, IReadOnlyDictionary<string, string>>.Empty,
        ImmutableDictionary<(string, string), PolicyPod>.Empty,
        ImmutableDictionary<IPAddress, PolicyPod>.Empty);

    /// <summary>No policy anywhere: everything is allowed without looking further.</summary>
    public bool IsEmpty => Policies.IsEmpty;

    public IEnumerable<CompiledNetworkPolicy> PoliciesIn(string ns) => ByNamespace.GetValueOrDefault(ns, []);

    public IReadOnlyDictionary<string, string> NamespaceLabels(string ns) =>
        Namespaces.GetValueOrDefault(ns) ?? new Dictionary<string, string> { [NameLabel] = ns };

    public PolicyPod? PodAt(IPAddress address) => PodsByIp.GetValueOrDefault(address);

    /// <summary>A view built from whole objects (listings, tests).</summary>
    public static PolicyView From(IEnumerable<JsonObject> policies, IEnumerable<JsonObject> pods, IEnumerable<JsonObject> namespaces)
    {
        var view = Empty;
        foreach (var policy in policies)
            view = view.WithPolicy((policy.Namespace() ?? "", policy.Name() ?? ""), policy);
        foreach (var pod in pods)
            view = view.WithPod((pod.Namespace() ?? "", pod.Name() ?? ""), pod);
        foreach (var ns in namespaces)
            view = view.WithNamespace(ns.Name() ?? "", ns);
        return view;
    }

    /// <summary>The view with a policy added, replaced (<paramref name="policy"/> set) or removed (null).</summary>
    public PolicyView WithPolicy((string Namespace, string Name) key, JsonObject? policy)
    {
        var policies = policy is null ? Policies.Remove(key) : Policies.SetItem(key, CompiledNetworkPolicy.From(policy));
        var inNamespace = policies.Values.Where(p => p.Namespace == key.Namespace).OrderBy(p => p.Name, StringComparer.Ordinal).ToImmutableArray();
        return this with
        {
            Policies = policies,
            ByNamespace = inNamespace.IsEmpty ? ByNamespace.Remove(key.Namespace) : ByNamespace.SetItem(key.Namespace, inNamespace),
        };
    }

    /// <summary>The view with a pod added, replaced or removed (null), keeping the IP index in step.</summary>
    public PolicyView WithPod((string Namespace, string Name) key, JsonObject? pod)
    {
        var byIp = PodsByIp;
        if (Pods.TryGetValue(key, out var old) && byIp.TryGetValue(old.Address, out var holder) && holder.Namespace == key.Namespace && holder.Name == key.Name)
            byIp = byIp.Remove(old.Address);
        var current = pod is null ? null : PolicyPod.From(pod);
        if (current is null)
            return this with { Pods = Pods.Remove(key), PodsByIp = byIp };
        return this with { Pods = Pods.SetItem(key, current), PodsByIp = byIp.SetItem(current.Address, current) };
    }

    /// <summary>
    /// The view with a namespace's labels set or removed. kube labels every namespace
    /// `kubernetes.io/metadata.name` (the usual way policies select one by name); namespaces are not labelled so
    /// here yet, so the label is added for matching.
    /// </summary>
    public PolicyView WithNamespace(string name, JsonObject? ns) =>
        this with { Namespaces = ns is null ? Namespaces.Remove(name) : Namespaces.SetItem(name, WithNameLabel(ns.Labels(), name)) };

    private const string NameLabel = "kubernetes.io/metadata.name";

    private static Dictionary<string, string> WithNameLabel(Dictionary<string, string> labels, string name)
    {
        labels[NameLabel] = name;
        return labels;
    }
}
