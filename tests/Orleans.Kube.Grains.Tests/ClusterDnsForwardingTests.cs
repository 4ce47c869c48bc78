using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Grains.Tests;

/// <summary>
/// The cluster DNS forwards names outside the cluster to its upstream (here a stub resolver on loopback)
/// and answers cluster names itself, never asking the upstream about them.
/// </summary>
public sealed class ClusterDnsForwardingTests : IAsyncDisposable
{
    private static readonly IPAddress Answer = IPAddress.Parse("192.0.2.7"); // TEST-NET: data only, never dialled
    private readonly List<string> upstreamQueries = [];
    private readonly DnsServer upstream;
    private readonly DnsServer cluster;
    private readonly int clusterPort;

    public ClusterDnsForwardingTests()
    {
        var upstreamPort = FreeUdpPort();
        upstream = Serve(upstreamPort, (_, e) =>
        {
            var query = (DnsMessage)e.Query;
            var question = query.Questions[0];
            lock (upstreamQueries)
                upstreamQueries.Add(question.Name.ToString());
            var response = query.CreateResponseInstance();
            if (question.Name.Equals(DomainName.Parse("ext.example.test")) && question.RecordType == RecordType.A)
                response.AnswerRecords.Add(new ARecord(question.Name, 30, Answer));
            else
                response.ReturnCode = ReturnCode.NxDomain;
            e.Response = response;
            return Task.CompletedTask;
        });

        var options = Options.Create(new NetworkOptions { DnsUpstreams = $"127.0.0.1:{upstreamPort}" });
        // An empty directory (never started): the cluster zone has no names in it.
        var directory = new ClusterDirectory(null!, null!, NullLogger<ClusterDirectory>.Instance);
        var dns = new ClusterDns(directory, options);
        clusterPort = FreeUdpPort();
        cluster = Serve(clusterPort, dns.HandleAsync);
    }

    [Fact]
    public async Task Names_outside_the_cluster_are_answered_by_the_upstream()
    {
        var answer = await Client().ResolveAsync(DomainName.Parse("ext.example.test"), RecordType.A, RecordClass.INet, null, TestContext.Current.CancellationToken);

        Assert.Equal(ReturnCode.NoError, answer!.ReturnCode);
        Assert.Equal(Answer, Assert.IsType<ARecord>(Assert.Single(answer.AnswerRecords)).Address);
        Assert.True(answer.IsRecursionAllowed);
    }

    [Fact]
    public async Task The_upstreams_nxdomain_is_passed_on()
    {
        var answer = await Client().ResolveAsync(DomainName.Parse("missing.example.test"), RecordType.A, RecordClass.INet, null, TestContext.Current.CancellationToken);

        Assert.Equal(ReturnCode.NxDomain, answer!.ReturnCode);
    }

    [Fact]
    public async Task Cluster_names_are_never_forwarded()
    {
        var answer = await Client().ResolveAsync(DomainName.Parse("nothing.default.svc.cluster.local"), RecordType.A, RecordClass.INet, null, TestContext.Current.CancellationToken);

        Assert.Equal(ReturnCode.NxDomain, answer!.ReturnCode);
        lock (upstreamQueries)
            Assert.DoesNotContain(upstreamQueries, q => q.Contains("cluster.local", StringComparison.Ordinal));
    }

    private DnsClient Client() => new([IPAddress.Loopback], [new UdpClientTransport(clusterPort)], false, 5000);

    private static DnsServer Serve(int port, AsyncEventHandler<QueryReceivedEventArgs> handler)
    {
        var server = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, port), 5000));
        server.QueryReceived += handler;
        server.Start();
        return server;
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public ValueTask DisposeAsync()
    {
        cluster.Stop();
        upstream.Stop();
        return ValueTask.CompletedTask;
    }
}
