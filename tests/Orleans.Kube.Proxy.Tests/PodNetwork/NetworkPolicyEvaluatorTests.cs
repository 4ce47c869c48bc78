using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Proxy.Policy;

namespace Orleans.Kube.Proxy.Tests.PodNetwork;

/// <summary>The NetworkPolicy decision for one connection (source, destination, port), as kube defines it.</summary>
public sealed class NetworkPolicyEvaluatorTests
{
    private static readonly IPAddress Frontend = IPAddress.Parse("127.80.0.1");
    private static readonly IPAddress Backend = IPAddress.Parse("127.80.0.2");
    private static readonly IPAddress Stranger = IPAddress.Parse("127.80.0.3");
    private static readonly IPAddress Monitor = IPAddress.Parse("127.80.1.4");
    private static readonly IPAddress Host = IPAddress.Loopback;

    private static JsonObject Pod(string ns, string name, IPAddress ip, string app, string phase = "Running") => JsonNode.Parse($$$"""
        {"metadata":{"namespace":"{{{ns}}}","name":"{{{name}}}","labels":{"app":"{{{app}}}"}},
         "spec":{"containers":[{"name":"c","ports":[{"name":"http","containerPort":8080},{"name":"dns","containerPort":53,"protocol":"UDP"}]}]},
         "status":{"phase":"{{{phase}}}","podIP":"{{{ip}}}"}}
        """)!.AsObject();

    private static JsonObject Namespace(string name, string team) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["team"] = team },
        },
    };

    private static JsonObject Policy(string ns, string spec) =>
        JsonNode.Parse($$"""{"metadata":{"namespace":"{{ns}}","name":"p{{Guid.NewGuid():N}}"},"spec":{{spec}}}""")!.AsObject();

    private static PolicyView View(params JsonObject[] policies) => PolicyView.From(policies,
        [Pod("shop", "frontend", Frontend, "frontend"), Pod("shop", "backend", Backend, "backend"), Pod("shop", "stranger", Stranger, "stranger"),
         Pod("ops", "monitor", Monitor, "monitor")],
        [Namespace("shop", "shop"), Namespace("ops", "ops")]);

    private static bool Allows(PolicyView view, IPAddress source, IPAddress destination, int port = 8080, string protocol = "TCP") =>
        NetworkPolicyEvaluator.Allows(view, source, destination, port, protocol);

    [Fact]
    public void Without_policies_everything_is_allowed()
    {
        var view = View();
        Assert.True(Allows(view, Frontend, Backend));
        Assert.True(Allows(view, Host, Backend));
    }

    [Fact]
    public void Default_deny_ingress_closes_every_pod_of_its_namespace_to_pods_and_the_host()
    {
        var view = View(Policy("shop", """{"podSelector":{},"policyTypes":["Ingress"]}"""));
        Assert.False(Allows(view, Frontend, Backend));
        Assert.False(Allows(view, Monitor, Backend));
        Assert.False(Allows(view, Host, Backend));
        // A pod reaching itself through its Service is not blocked.
        Assert.True(Allows(view, Backend, Backend));
        // Egress is not governed, and pods of other namespaces stay open.
        Assert.True(Allows(view, Backend, Monitor));
    }

    [Fact]
    public void A_pod_selector_peer_admits_only_labelled_pods_of_the_policy_namespace()
    {
        var view = View(
            Policy("shop", """{"podSelector":{}}"""),
            Policy("shop", """{"podSelector":{"matchLabels":{"app":"backend"}},"ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"frontend"}}}]}]}"""));
        Assert.True(Allows(view, Frontend, Backend));
        Assert.False(Allows(view, Stranger, Backend));
        // The policy's namespace only: a pod labelled app=frontend elsewhere does not match.
        var elsewhere = IPAddress.Parse("127.80.1.5");
        view = view.WithPod(("ops", "frontend"), Pod("ops", "frontend", elsewhere, "frontend"));
        Assert.False(Allows(view, elsewhere, Backend));
    }

    [Fact]
    public void Namespace_selector_peers_and_both_selectors_together()
    {
        var byNamespace = View(Policy("shop", """{"podSelector":{},"ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"team":"ops"}}}]}]}"""));
        Assert.True(Allows(byNamespace, Monitor, Backend));
        Assert.False(Allows(byNamespace, Frontend, Backend));

        var both = View(Policy("shop", """{"podSelector":{},"ingress":[{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"shop"}},"podSelector":{"matchLabels":{"app":"frontend"}}}]}]}"""));
        Assert.True(Allows(both, Frontend, Backend));
        Assert.False(Allows(both, Stranger, Backend));
        Assert.False(Allows(both, Monitor, Backend));
    }

    [Fact]
    public void An_ip_block_matches_pod_ips_and_the_host_minus_its_exceptions()
    {
        var view = View(Policy("shop", """{"podSelector":{},"ingress":[{"from":[{"ipBlock":{"cidr":"127.80.0.0/16","except":["127.80.1.0/24"]}},{"ipBlock":{"cidr":"127.0.0.1/32"}}]}]}"""));
        Assert.True(Allows(view, Frontend, Backend));
        Assert.False(Allows(view, Monitor, Backend));
        Assert.True(Allows(view, Host, Backend));
        Assert.False(Allows(view, IPAddress.Parse("127.0.0.2"), Backend));
    }

    [Fact]
    public void Ports_by_number_range_name_and_protocol()
    {
        var range = View(Policy("shop", """{"podSelector":{},"ingress":[{"ports":[{"protocol":"TCP","port":8000,"endPort":8100}]}]}"""));
        Assert.True(Allows(range, Frontend, Backend, 8080));
        Assert.True(Allows(range, Frontend, Backend, 8100));
        Assert.False(Allows(range, Frontend, Backend, 8101));
        Assert.False(Allows(range, Frontend, Backend, 8080, "UDP"));

        var named = View(Policy("shop", """{"podSelector":{},"ingress":[{"ports":[{"protocol":"TCP","port":"http"}]}]}"""));
        Assert.True(Allows(named, Frontend, Backend, 8080));
        Assert.False(Allows(named, Frontend, Backend, 9090));
        // A named port of another protocol does not count.
        var udpName = View(Policy("shop", """{"podSelector":{},"ingress":[{"ports":[{"protocol":"TCP","port":"dns"}]}]}"""));
        Assert.False(Allows(udpName, Frontend, Backend, 53));
    }

    [Fact]
    public void Egress_rules_bind_the_source_and_name_the_destination_pods_ports()
    {
        var denyAll = View(Policy("shop", """{"podSelector":{"matchLabels":{"app":"frontend"}},"policyTypes":["Egress"]}"""));
        Assert.False(Allows(denyAll, Frontend, Backend));
        Assert.False(Allows(denyAll, Frontend, Host, 6443));
        Assert.True(Allows(denyAll, Stranger, Backend));
        // Ingress of the frontend is not governed by an egress-only policy.
        Assert.True(Allows(denyAll, Backend, Frontend));

        var toBackend = View(Policy("shop", """{"podSelector":{"matchLabels":{"app":"frontend"}},"egress":[{"to":[{"podSelector":{"matchLabels":{"app":"backend"}}}],"ports":[{"port":"http"}]}]}"""));
        // Without policyTypes a policy with egress rules governs both directions.
        Assert.True(toBackend.Policies.Values.Single() is { GovernsIngress: true, GovernsEgress: true });
        Assert.True(Allows(toBackend, Frontend, Backend, 8080));
        Assert.False(Allows(toBackend, Frontend, Backend, 9090));
        Assert.False(Allows(toBackend, Frontend, Stranger, 8080));
    }

    [Fact]
    public void Both_ends_must_agree()
    {
        var view = View(
            Policy("shop", """{"podSelector":{"matchLabels":{"app":"frontend"}},"policyTypes":["Egress"],"egress":[{"to":[{"podSelector":{}}]}]}"""),
            Policy("shop", """{"podSelector":{"matchLabels":{"app":"backend"}},"ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"stranger"}}}]}]}"""));
        Assert.False(Allows(view, Frontend, Backend));
        Assert.True(Allows(view, Stranger, Backend));
    }

    [Fact]
    public void Finished_pods_and_removed_policies_no_longer_count()
    {
        var policy = Policy("shop", """{"podSelector":{}}""");
        var view = View(policy).WithPod(("shop", "frontend"), Pod("shop", "frontend", Frontend, "frontend", "Succeeded"));
        // The finished pod's IP is nobody's: an unknown source matches only ipBlocks.
        Assert.Null(view.PodAt(Frontend));
        Assert.False(Allows(view, Frontend, Backend));
        var removed = view.WithPolicy(("shop", policy["metadata"]!["name"]!.GetValue<string>()), null);
        Assert.True(removed.IsEmpty);
        Assert.True(Allows(removed, Frontend, Backend));
    }
}
