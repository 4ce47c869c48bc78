using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Proxy.Tests;

public sealed class ProxyRulesTests
{
    private static JsonObject Service(string clusterIp) => JsonNode.Parse($$$"""
        {"metadata":{"name":"web","namespace":"ns","annotations":{"okube.io/lb-scheduler":"lc"}},
         "spec":{"clusterIP":"{{{clusterIp}}}","sessionAffinity":"ClientIP","ports":[
           {"name":"http","port":80,"protocol":"TCP","nodePort":30080},
           {"name":"dns","port":53,"protocol":"UDP"}]}}
        """)!.AsObject();

    private static readonly JsonObject Slice = JsonNode.Parse("""
        {"metadata":{"name":"web-abc","namespace":"ns","labels":{"kubernetes.io/service-name":"web"}},
         "ports":[{"name":"http","port":8080}],
         "endpoints":[
           {"addresses":["127.80.0.1"],"conditions":{"ready":true}},
           {"addresses":["127.80.0.2"],"conditions":{"ready":false}},
           {"addresses":["127.80.0.3"]},
           {"addresses":["172.17.0.5"],"conditions":{"ready":true}}]}
        """)!.AsObject();

    [Fact]
    public void ATcpPortIsServedOnTheClusterIpAndTheNodePortWithReadyLoopbackBackends()
    {
        var frontends = ProxyRules.Frontends([Service("127.77.0.10")], [Slice], IPAddress.Loopback);
        Assert.Equal(["127.77.0.10:80", "127.0.0.1:30080"], frontends.Select(f => f.Endpoint.ToString()));
        Assert.All(frontends, f =>
        {
            Assert.Equal(["127.80.0.1:8080", "127.80.0.3:8080"], f.Backends.Select(b => b.ToString()));
            Assert.Equal(Scheduling.LeastConnection, f.Scheduling);
            Assert.Equal(TimeSpan.FromSeconds(10800), f.ClientIpAffinity);
            Assert.Equal("ns/web:http", f.ServicePortKey);
        });
    }

    [Fact]
    public void AHeadlessServiceOnlyHasItsNodePortsAndForeignAddressesAreNeverServed()
    {
        Assert.Equal(["127.0.0.1:30080"], ProxyRules.Frontends([Service("None")], [Slice], IPAddress.Loopback).Select(f => f.Endpoint.ToString()));
        Assert.Equal(["127.0.0.1:30080"], ProxyRules.Frontends([Service("10.96.0.1")], [Slice], IPAddress.Loopback).Select(f => f.Endpoint.ToString()));
    }

    [Theory]
    [InlineData(null, Scheduling.RoundRobin)]
    [InlineData("rr", Scheduling.RoundRobin)]
    [InlineData("least-connection", Scheduling.LeastConnection)]
    [InlineData("sh", Scheduling.SourceHash)]
    [InlineData("bogus", Scheduling.RoundRobin)]
    public void TheSchedulerAnnotationIsRead(string? value, Scheduling expected) =>
        Assert.Equal(expected, SchedulingAnnotation.Parse(value));
}
