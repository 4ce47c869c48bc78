using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Kube.Proxy.Policy;

namespace Orleans.Kube.Proxy.Tests;

/// <summary>Several node proxies of one host on one frontend: shared (round-robin, no affinity) listeners coexist and survive each other; unshared ones do not.</summary>
public sealed class FrontendListenerTests
{
    [Fact]
    public void OnlyRoundRobinWithoutAffinityIsShareable()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, 443);
        Assert.True(new Frontend(endpoint, "default/kubernetes:443", [], Scheduling.RoundRobin, null).Shareable);
        Assert.False(new Frontend(endpoint, "default/kubernetes:443", [], Scheduling.RoundRobin, TimeSpan.FromHours(3)).Shareable);
        Assert.False(new Frontend(endpoint, "default/kubernetes:443", [], Scheduling.LeastConnection, null).Shareable);
    }

    [Fact]
    public async Task SharedListenersServeTogetherAndTheSurvivorKeepsServing()
    {
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var pool = new BackendPool();
        pool.Update([new Backend(IPAddress.Loopback, ((IPEndPoint)backend.LocalEndpoint).Port)], Scheduling.RoundRobin, null);
        var frontend = new IPEndPoint(IPAddress.Parse("127.0.0.1"), FreePort());

        var first = Listener(frontend, pool, shared: true);
        await using var second = Listener(frontend, pool, shared: true);
        first.Start();
        second.Start();
        await using (var unshared = Listener(frontend, pool, shared: false))
            Assert.Equal(SocketError.AddressAlreadyInUse, Assert.Throws<SocketException>(unshared.Start).SocketErrorCode);

        await first.DisposeAsync();
        // The survivor takes every new connection at once: no connection is refused.
        for (var i = 0; i < 20; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(frontend, TestContext.Current.CancellationToken);
            using var accepted = await backend.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        }
    }

    private static FrontendListener Listener(IPEndPoint endpoint, BackendPool pool, bool shared) =>
        new(endpoint, pool, IConnectionPolicy.AllowAll, new NoPodDialer(), TimeSpan.FromSeconds(2), NullLogger.Instance, shared);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
