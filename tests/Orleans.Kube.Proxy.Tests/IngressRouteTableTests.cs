using System.Text.Json.Nodes;
using Orleans.Kube.Proxy.Ingress;

namespace Orleans.Kube.Proxy.Tests;

/// <summary>The ingress proxy's routing decisions: class selection, host and path precedence, TLS lookup, annotations.</summary>
public sealed class IngressRouteTableTests
{
    private static readonly JsonObject OurClass = Class("okube", "okube.io/ingress", isDefault: true);

    private static JsonObject Class(string name, string controller, bool isDefault = false) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["annotations"] = isDefault ? new JsonObject { ["ingressclass.kubernetes.io/is-default-class"] = "true" } : new JsonObject(),
        },
        ["spec"] = new JsonObject { ["controller"] = controller },
    };

    private static JsonObject Ingress(string name, string created, JsonObject[] rules, string? className = "okube", string extraSpec = "{}")
    {
        var spec = JsonNode.Parse(extraSpec)!.AsObject();
        spec["rules"] = new JsonArray([.. rules]);
        if (className is not null)
            spec["ingressClassName"] = className;
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["creationTimestamp"] = created },
            ["spec"] = spec,
        };
    }

    private static JsonObject Rule(string host, params (string Path, string Type, string Service)[] paths)
    {
        var rule = new JsonObject
        {
            ["http"] = new JsonObject
            {
                ["paths"] = new JsonArray([.. paths.Select(p => (JsonNode)new JsonObject
                {
                    ["path"] = p.Path,
                    ["pathType"] = p.Type,
                    ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = p.Service, ["port"] = new JsonObject { ["number"] = 80 } } },
                })]),
            },
        };
        if (host.Length > 0)
            rule["host"] = host;
        return rule;
    }

    private static IngressRouteTable Table(params JsonObject[] ingresses) => IngressRouteTable.Build(ingresses, [OurClass, Class("nginx", "k8s.io/ingress-nginx")]);

    private static string? Target(IngressRouteTable table, string host, string path) => table.Match(host, path)?.Backend.Service;

    [Fact]
    public void Paths_match_longest_first_exact_before_prefix_and_by_whole_elements()
    {
        var table = Table(Ingress("web", "2025-01-01T00:00:00Z", [Rule("a.test", ("/", "Prefix", "root"), ("/api", "Prefix", "api"), ("/api", "Exact", "exact"), ("/api/v2", "ImplementationSpecific", "v2"))]));

        Assert.Equal("exact", Target(table, "a.test", "/api"));
        Assert.Equal("api", Target(table, "a.test", "/api/"));
        Assert.Equal("api", Target(table, "a.test", "/api/v1/x"));
        Assert.Equal("v2", Target(table, "a.test", "/api/v2/x"));
        Assert.Equal("root", Target(table, "a.test", "/apix"));
        Assert.Equal("root", Target(table, "a.test", "/"));
    }

    [Fact]
    public void Hosts_match_exactly_before_one_label_wildcards_then_rules_without_a_host()
    {
        var table = Table(Ingress("web", "2025-01-01T00:00:00Z",
            [Rule("a.example.test", ("/", "Prefix", "exact-host")), Rule("*.example.test", ("/", "Prefix", "wildcard")), Rule("", ("/only", "Prefix", "any-host"))]));

        Assert.Equal("exact-host", Target(table, "a.example.test", "/"));
        Assert.Equal("wildcard", Target(table, "b.example.test", "/"));
        Assert.Null(Target(table, "x.b.example.test", "/"));
        Assert.Null(Target(table, "example.test", "/"));
        Assert.Equal("any-host", Target(table, "other.test", "/only/x"));
        Assert.Equal("exact-host", Target(table, "a.example.test", "/only"));
    }

    [Fact]
    public void Only_our_class_is_served_and_the_oldest_ingress_wins_a_tie()
    {
        var table = Table(
            Ingress("newer", "2025-01-02T00:00:00Z", [Rule("a.test", ("/", "Prefix", "newer"))]),
            Ingress("older", "2025-01-01T00:00:00Z", [Rule("a.test", ("/", "Prefix", "older"))]),
            Ingress("theirs", "2024-01-01T00:00:00Z", [Rule("b.test", ("/", "Prefix", "nginx"))], className: "nginx"),
            Ingress("unclassed", "2024-01-01T00:00:00Z", [Rule("c.test", ("/", "Prefix", "default"))], className: null));

        Assert.Equal("older", Target(table, "a.test", "/"));
        Assert.Null(Target(table, "b.test", "/"));
        Assert.Equal("default", Target(table, "c.test", "/"));
        Assert.Equal(["unclassed", "older", "newer"], table.Served.Select(i => i["metadata"]!["name"]!.ToString()));
    }

    [Fact]
    public void A_default_backend_takes_what_no_rule_matches_and_tls_names_the_secret_by_host()
    {
        var table = Table(Ingress("web", "2025-01-01T00:00:00Z", [Rule("a.test", ("/", "Prefix", "a")), Rule("b.example.test", ("/", "Prefix", "b"))],
            extraSpec: """{"defaultBackend":{"service":{"name":"fallback","port":{"name":"http"}}},"tls":[{"hosts":["a.test"],"secretName":"a-tls"},{"hosts":["*.example.test"],"secretName":"wild"}]}"""));

        Assert.Equal("fallback", Target(table, "nobody.test", "/x"));
        Assert.Equal("http", table.Match("nobody.test", "/x")!.Backend.Port);
        Assert.True(table.Match("a.test", "/")!.HostHasTls);
        Assert.Equal(("ns", "a-tls"), table.CertificateFor("a.test"));
        Assert.Equal(("ns", "wild"), table.CertificateFor("b.example.test"));
        Assert.Null(table.CertificateFor("c.test"));
    }

    [Theory]
    [InlineData("/", "/api", "/api/x", "/x")]
    [InlineData("/v2", "/api", "/api/x/y", "/v2/x/y")]
    [InlineData("/v2/", "/api", "/api", "/v2/")]
    [InlineData(null, "/api", "/api/x", "/api/x")]
    public void Rewrite_target_replaces_the_matched_path(string? target, string matched, string path, string expected)
    {
        Assert.Equal(expected, new IngressSettings(target, true, null).Rewrite(path, matched));
    }

    [Theory]
    [InlineData("1m", 1048576L)]
    [InlineData("8k", 8192L)]
    [InlineData("100", 100L)]
    [InlineData("0", null)]
    [InlineData("lots", null)]
    public void Proxy_body_size_reads_nginx_sizes(string value, long? expected)
    {
        Assert.Equal(expected, IngressSettings.ParseSize(value));
    }
}
