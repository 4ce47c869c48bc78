using System.Collections.Immutable;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Orleans.Kube.Proxy;
using Xunit;

namespace Orleans.Kube.Model.Tests.PodNetwork;

public sealed class ClusterDnsAnswersTests
{
    private static JsonObject Service(string name, string clusterIp, string? type = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "shop" },
        ["spec"] = new JsonObject
        {
            ["clusterIP"] = clusterIp,
            ["type"] = type ?? "ClusterIP",
            ["externalName"] = "db.example.org",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["protocol"] = "TCP" }),
        },
    };

    private static JsonObject Slice(string service, params (string Ip, bool Ready, string? Hostname)[] endpoints) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = service + "-x", ["namespace"] = "shop", ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = service } },
        ["endpoints"] = new JsonArray(endpoints.Select(e =>
        {
            var endpoint = new JsonObject { ["addresses"] = new JsonArray(e.Ip), ["conditions"] = new JsonObject { ["ready"] = e.Ready } };
            if (e.Hostname is not null) endpoint["hostname"] = e.Hostname;
            return (JsonNode)endpoint;
        }).ToArray()),
    };

    private static readonly ClusterSnapshot Snapshot = new(
        ImmutableDictionary<(string, string), JsonObject>.Empty
            .Add(("shop", "backend"), Service("backend", "127.77.0.20"))
            .Add(("shop", "db"), Service("db", "None"))
            .Add(("shop", "ext"), Service("ext", "", "ExternalName")),
        ImmutableDictionary<(string, string), JsonObject>.Empty
            .Add(("shop", "db-x"), Slice("db", ("127.80.0.1", true, "db-0"), ("127.80.0.2", true, "db-1"), ("127.80.0.3", false, null))));

    private static DnsMessage? Ask(string name, RecordType type = RecordType.A)
    {
        var query = new DnsMessage { IsQuery = true };
        query.Questions.Add(new DnsQuestion(DomainName.Parse(name), type, RecordClass.INet));
        return ClusterDnsAnswers.Answer(query, Snapshot, "cluster.local");
    }

    private static string[] Addresses(DnsMessage? response) =>
        response!.AnswerRecords.OfType<ARecord>().Select(a => a.Address.ToString()).Order().ToArray();

    [Fact]
    public void AServiceNameIsItsClusterIp()
    {
        var response = Ask("backend.shop.svc.cluster.local");
        Assert.Equal(ReturnCode.NoError, response!.ReturnCode);
        Assert.Equal(["127.77.0.20"], Addresses(response));
        Assert.True(response.IsAuthoritiveAnswer);
    }

    [Fact]
    public void AHeadlessServiceIsItsReadyEndpointsAndEachHostnameItsOwn()
    {
        Assert.Equal(["127.80.0.1", "127.80.0.2"], Addresses(Ask("db.shop.svc.cluster.local")));
        Assert.Equal(["127.80.0.2"], Addresses(Ask("db-1.db.shop.svc.cluster.local")));
    }

    [Fact]
    public void ANamedPortHasAnSrvRecordAndExternalNameACname()
    {
        var srv = Ask("_http._tcp.backend.shop.svc.cluster.local", RecordType.Srv)!.AnswerRecords.OfType<SrvRecord>().Single();
        Assert.Equal(80, srv.Port);
        Assert.Equal("backend.shop.svc.cluster.local.", srv.Target.ToString());
        var cname = Ask("ext.shop.svc.cluster.local", RecordType.CName)!.AnswerRecords.OfType<CNameRecord>().Single();
        Assert.Equal("db.example.org.", cname.CanonicalName.ToString());
    }

    [Fact]
    public void UnknownClusterNamesAreNxDomainOtherTypesEmptyAndOtherNamesForwarded()
    {
        Assert.Equal(ReturnCode.NxDomain, Ask("nope.shop.svc.cluster.local")!.ReturnCode);
        Assert.Equal(ReturnCode.NxDomain, Ask("backend.svc.cluster.local")!.ReturnCode);
        var aaaa = Ask("backend.shop.svc.cluster.local", RecordType.Aaaa)!;
        Assert.Equal(ReturnCode.NoError, aaaa.ReturnCode);
        Assert.Empty(aaaa.AnswerRecords);
        Assert.Equal(["127.80.1.2"], Addresses(Ask("127-80-1-2.shop.pod.cluster.local")));
        Assert.Null(Ask("example.org"));
    }
}
