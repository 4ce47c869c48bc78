using System.Text.Json.Nodes;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Protobuf;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Tests;

/// <summary>Ingress and IngressClass (networking.k8s.io/v1): kube's validation rules and printed columns.</summary>
public sealed class IngressKindTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static string Errors(ResourceKind kind, string json) =>
        string.Join(" | ", ObjectValidator.Validate(kind, JsonNode.Parse(json)!.AsObject()).Select(e => e.ToString()));

    private static string Ingress(string spec) => $$"""{"metadata":{"name":"web","namespace":"default"},"spec":{{spec}}}""";

    private const string Backend = """{"service":{"name":"web","port":{"number":80}}}""";

    [Fact]
    public void Both_kinds_are_served_in_networking_with_protobuf_bodies()
    {
        var ingress = ResourceKinds.ByPlural("networking.k8s.io", "v1", "ingresses")!;
        var ingressClass = ResourceKinds.ByPlural("networking.k8s.io", "v1", "ingressclasses")!;

        Assert.True(ingress.Namespaced);
        Assert.Equal(["ing"], ingress.ShortNames);
        Assert.True(ingress.HasStatus);
        Assert.False(ingressClass.Namespaced);
        Assert.Contains(("networking.k8s.io/v1", "Ingress"), KubeProtoSchema.RootKinds);
        Assert.Contains(("networking.k8s.io/v1", "IngressClass"), KubeProtoSchema.RootKinds);
        Assert.Contains(("networking.k8s.io", "v1"), ResourceKinds.GroupVersions);
    }

    [Theory]
    [InlineData($$$"""{"rules":[{"host":"a.example.test","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{{{Backend}}}}]}}]}""", "")]
    [InlineData($$$"""{"defaultBackend":{{{Backend}}}}""", "")]
    [InlineData($$$"""{"rules":[{"host":"*.example.test","http":{"paths":[{"path":"/api","pathType":"Exact","backend":{{{Backend}}}}]}}]}""", "")]
    [InlineData("{}", "spec: Invalid value: null: either `defaultBackend` or `rules` must be specified")]
    [InlineData($$$"""{"rules":[{"host":"10.0.0.1","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{{{Backend}}}}]}}]}""",
        "spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address")]
    [InlineData($$$"""{"rules":[{"host":"a.*.test","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{{{Backend}}}}]}}]}""",
        "spec.rules[0].host: Invalid value: \"a.*.test\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData($$$"""{"rules":[{"http":{"paths":[{"path":"api","pathType":"Prefix","backend":{{{Backend}}}}]}}]}""",
        "spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path")]
    [InlineData($$$"""{"rules":[{"http":{"paths":[{"path":"/a//b","pathType":"Exact","backend":{{{Backend}}}}]}}]}""",
        "spec.rules[0].http.paths[0].path: Invalid value: \"/a//b\": must not contain '//'")]
    [InlineData($$$"""{"rules":[{"http":{"paths":[{"path":"/","backend":{{{Backend}}}}]}}]}""",
        "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified")]
    [InlineData($$$"""{"rules":[{"http":{"paths":[{"path":"/","pathType":"Regex","backend":{{{Backend}}}}]}}]}""",
        "spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"")]
    [InlineData("""{"defaultBackend":{"service":{"name":"web","port":{"name":"http","number":80}}}}""",
        "spec.defaultBackend.service.port: Invalid value: {}: cannot set both port name & port number")]
    [InlineData("""{"defaultBackend":{"service":{"name":"web","port":{}}}}""",
        "spec.defaultBackend.service.port: Required value: port name or number is required")]
    [InlineData("""{"defaultBackend":{"service":{"name":"web","port":{"number":70000}}}}""",
        "spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData($$$"""{"defaultBackend":{{{Backend}}},"tls":[{"hosts":["a.example.test"],"secretName":"Bad_Name"}]}""",
        "spec.tls[0].secretName: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("""{"defaultBackend":{"resource":{"kind":"Bucket","name":"b"}}}""",
        "spec.defaultBackend.resource: Forbidden: resource backends are not supported by this cluster's ingress proxy; use service")]
    public void Ingress_validation_follows_kube(string spec, string expected)
    {
        Assert.Equal(expected, Errors(ResourceKinds.Ingress, Ingress(spec)));
    }

    [Theory]
    [InlineData("""{"controller":"okube.io/ingress"}""", "")]
    [InlineData("{}", "spec.controller: Required value")]
    [InlineData("""{"controller":"ingress"}""", "spec.controller: Invalid value: \"ingress\": must be a domain-prefixed path (such as \"acme.io/foo\")")]
    [InlineData("""{"controller":"okube.io/ingress","parameters":{"kind":"Config","name":"c","scope":"World"}}""",
        "spec.parameters.scope: Unsupported value: \"World\": supported values: \"Cluster\", \"Namespace\"")]
    public void IngressClass_validation_follows_kube(string spec, string expected)
    {
        Assert.Equal(expected, Errors(ResourceKinds.IngressClass, $$"""{"metadata":{"name":"okube"},"spec":{{spec}}}"""));
    }

    [Fact]
    public void Ingress_prints_class_hosts_address_and_ports_as_kubectl()
    {
        Assert.Equal("Name|Class|Hosts|Address|Ports|Age", string.Join("|", TablePrinters.Columns("ingresses").Select(c => c.Name)));
        var ingress = JsonNode.Parse("""
            {"metadata":{"name":"web","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"ingressClassName":"okube","tls":[{"hosts":["a.test"]}],
                     "rules":[{"host":"a.test"},{"host":"b.test"},{},{"host":"c.test"},{"host":"d.test"}]},
             "status":{"loadBalancer":{"ingress":[{"ip":"127.0.0.1"}]}}}
            """)!.AsObject();

        Assert.Equal(["web", "okube", "a.test,b.test,c.test + 2 more...", "127.0.0.1", "80, 443", "5m"],
            TablePrinters.Cells("ingresses", ingress, Now));
        Assert.Equal(["web", "<none>", "*", "", "80", "5m"],
            TablePrinters.Cells("ingresses", JsonNode.Parse("""{"metadata":{"name":"web","creationTimestamp":"2025-01-01T11:55:00Z"},"spec":{}}""")!.AsObject(), Now));
    }

    [Fact]
    public void IngressClass_prints_controller_and_parameters()
    {
        var cells = TablePrinters.Cells("ingressclasses", JsonNode.Parse("""
            {"metadata":{"name":"okube","creationTimestamp":"2025-01-01T11:55:00Z"},
             "spec":{"controller":"okube.io/ingress","parameters":{"apiGroup":"k8s.example.com","kind":"Params","name":"p"}}}
            """)!.AsObject(), Now);

        Assert.Equal(["okube", "okube.io/ingress", "Params.k8s.example.com/p", "5m"], cells);
    }
}
