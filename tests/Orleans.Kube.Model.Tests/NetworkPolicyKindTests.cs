using System.Text.Json.Nodes;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Tests;

/// <summary>NetworkPolicy (networking.k8s.io/v1): kube's defaults, validation rules and printed columns.</summary>
public sealed class NetworkPolicyKindTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static JsonObject Policy(string spec) =>
        JsonNode.Parse($$"""{"metadata":{"name":"p","namespace":"default","creationTimestamp":"2025-01-01T11:55:00Z"},"spec":{{spec}}}""")!.AsObject();

    private static string Errors(string spec) =>
        string.Join(" | ", ObjectValidator.Validate(ResourceKinds.NetworkPolicy, Policy(spec)).Select(e => e.ToString()));

    [Fact]
    public void Served_in_networking_as_netpol()
    {
        var kind = ResourceKinds.ByPlural("networking.k8s.io", "v1", "networkpolicies")!;
        Assert.True(kind.Namespaced);
        Assert.Equal(["netpol"], kind.ShortNames);
    }

    [Theory]
    [InlineData("""{"podSelector":{}}""", """["Ingress"]""")]
    [InlineData("""{"podSelector":{},"egress":[{}]}""", """["Ingress","Egress"]""")]
    [InlineData("""{"podSelector":{},"egress":[]}""", """["Ingress"]""")]
    [InlineData("""{"podSelector":{},"policyTypes":["Egress"]}""", """["Egress"]""")]
    public void PolicyTypes_default_as_kube(string spec, string expected)
    {
        var policy = Policy(spec);
        ObjectDefaults.Apply(ResourceKinds.NetworkPolicy, policy);
        Assert.Equal(expected, policy["spec"]!["policyTypes"]!.ToJsonString());
    }

    [Fact]
    public void Port_protocol_defaults_to_tcp()
    {
        var policy = Policy("""{"podSelector":{},"ingress":[{"ports":[{"port":80},{"protocol":"UDP","port":53}]}],"egress":[{"ports":[{"port":"dns"}]}]}""");
        ObjectDefaults.Apply(ResourceKinds.NetworkPolicy, policy);
        Assert.Equal("TCP", policy["spec"]!["ingress"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("UDP", policy["spec"]!["ingress"]![0]!["ports"]![1]!["protocol"]!.GetValue<string>());
        Assert.Equal("TCP", policy["spec"]!["egress"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"from":[{"podSelector":{"matchLabels":{"app":"front"}},"namespaceSelector":{}}],"ports":[{"port":8080,"endPort":8090},{"port":"http"}]}]}""", "")]
    [InlineData("""{"podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"127.80.0.0/12","except":["127.80.1.0/24"]}}]}]}""", "")]
    [InlineData("""{"podSelector":{},"ingress":[{"from":[{}]}]}""", "spec.ingress[0].from[0]: Required value: must specify a peer")]
    [InlineData("""{"podSelector":{},"ingress":[{"from":[{"podSelector":{},"ipBlock":{"cidr":"10.0.0.0/8"}}]}]}""",
        "spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer")]
    [InlineData("""{"podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/33"}}]}]}""",
        "spec.egress[0].to[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    [InlineData("""{"podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/8","except":["10.0.0.0/8","11.0.0.0/16"]}}]}]}""",
        "spec.egress[0].to[0].ipBlock.except[0]: Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr` | spec.egress[0].to[0].ipBlock.except[1]: Invalid value: \"11.0.0.0/16\": must be a strict subset of `cidr`")]
    [InlineData("""{"podSelector":{},"ingress":[{"from":[{"ipBlock":{}}]}]}""", "spec.ingress[0].from[0].ipBlock.cidr: Required value")]
    [InlineData("""{"podSelector":{},"ingress":[{"ports":[{"port":"http","endPort":90}]}]}""",
        "spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is non-numeric")]
    [InlineData("""{"podSelector":{},"ingress":[{"ports":[{"endPort":90}]}]}""",
        "spec.ingress[0].ports[0].endPort: Invalid value: 90: may not be specified when `port` is not specified")]
    [InlineData("""{"podSelector":{},"ingress":[{"ports":[{"port":100,"endPort":90}]}]}""",
        "spec.ingress[0].ports[0].endPort: Invalid value: 100: must be greater than or equal to `port`")]
    [InlineData("""{"podSelector":{},"ingress":[{"ports":[{"port":0}]}]}""",
        "spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("""{"podSelector":{},"ingress":[{"ports":[{"protocol":"ICMP","port":1}]}]}""",
        "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"")]
    [InlineData("""{"podSelector":{},"policyTypes":["Ingress","Sideways"]}""",
        "spec.policyTypes[1]: Unsupported value: \"Sideways\": supported values: \"Ingress\", \"Egress\"")]
    [InlineData("""{"podSelector":{"matchExpressions":[{"key":"app","operator":"In"}]}}""",
        "spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    public void Validation_follows_kube(string spec, string expected)
    {
        Assert.Equal(expected, Errors(spec));
    }

    [Fact]
    public void Prints_the_pod_selector()
    {
        Assert.Equal("Name|Pod-Selector|Age", string.Join("|", TablePrinters.Columns("networkpolicies").Select(c => c.Name)));
        Assert.Equal(["p", "app=web", "5m"], TablePrinters.Cells("networkpolicies", Policy("""{"podSelector":{"matchLabels":{"app":"web"}}}"""), Now));
        Assert.Equal(["p", "<none>", "5m"], TablePrinters.Cells("networkpolicies", Policy("""{"podSelector":{}}"""), Now));
    }
}
