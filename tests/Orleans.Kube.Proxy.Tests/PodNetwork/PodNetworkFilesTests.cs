using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Orleans.Kube.Proxy;
using Xunit;

namespace Orleans.Kube.Model.Tests.PodNetwork;

public sealed class PodNetworkFilesTests
{
    private static JsonObject Pod(string spec) =>
        JsonNode.Parse($$"""{"metadata":{"name":"web-0","namespace":"shop"},"spec":{{spec}}}""")!.AsObject();

    [Fact]
    public void ClusterFirstSearchesTheNamespaceThenTheClusterWithNdots5()
    {
        var resolv = PodNetworkFiles.ResolvConf(Pod("{}"), "127.53.0.10", "cluster.local", ["corp.example"]);
        Assert.Equal("search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 127.53.0.10\noptions ndots:5\n", resolv);
    }

    [Fact]
    public void NoneTakesOnlyDnsConfigAndDefaultTheNodeSearchPath()
    {
        var none = PodNetworkFiles.ResolvConf(Pod("""{"dnsPolicy":"None","dnsConfig":{"nameservers":["127.0.0.9"],"searches":["a.b"],"options":[{"name":"ndots","value":"2"},{"name":"edns0"}]}}"""),
            "127.53.0.10", "cluster.local", []);
        Assert.Equal("search a.b\nnameserver 127.0.0.9\noptions ndots:2 edns0\n", none);
        var fallback = PodNetworkFiles.ResolvConf(Pod("""{"dnsPolicy":"Default"}"""), "127.53.0.10", "cluster.local", ["corp.example"]);
        Assert.Equal("search corp.example\nnameserver 127.53.0.10\n", fallback);
    }

    [Fact]
    public void HostsNamesThePodAndItsAliasesAsKubeletDoes()
    {
        var hosts = PodNetworkFiles.Hosts(Pod("""{"hostname":"db-0","subdomain":"db","hostAliases":[{"ip":"127.1.1.1","hostnames":["a","b"]}]}"""), "127.80.0.7", "cluster.local");
        Assert.StartsWith("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n", hosts);
        Assert.Contains("127.80.0.7\tdb-0.db.shop.svc.cluster.local\tdb-0\n", hosts);
        Assert.EndsWith("\n# Entries added by HostAliases.\n127.1.1.1\ta\tb\n", hosts);
    }

    [Fact]
    public void ServiceVariablesFollowKubeletsNaming()
    {
        var service = JsonNode.Parse("""{"metadata":{"name":"my-db","namespace":"shop"},"spec":{"clusterIP":"127.77.0.5","ports":[{"name":"pg","port":5432}]}}""")!.AsObject();
        var snapshot = ClusterSnapshot.Empty with { Services = ClusterSnapshot.Empty.Services.Add(("shop", "my-db"), service) };
        var env = ServiceEnvironment.For(Pod("{}"), snapshot);
        Assert.Equal("127.77.0.5", env["MY_DB_SERVICE_HOST"]);
        Assert.Equal("5432", env["MY_DB_SERVICE_PORT"]);
        Assert.Equal("5432", env["MY_DB_SERVICE_PORT_PG"]);
        Assert.Equal("tcp://127.77.0.5:5432", env["MY_DB_PORT"]);
        Assert.Equal("127.77.0.5", env["MY_DB_PORT_5432_TCP_ADDR"]);
        Assert.Empty(ServiceEnvironment.For(Pod("""{"enableServiceLinks":false}"""), snapshot));
    }
}
