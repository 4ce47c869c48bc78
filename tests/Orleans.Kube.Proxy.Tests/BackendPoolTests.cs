using System.Net;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Proxy.Tests;

public sealed class BackendPoolTests
{
    private static readonly Backend A = new(IPAddress.Parse("127.80.0.1"), 80);
    private static readonly Backend B = new(IPAddress.Parse("127.80.0.2"), 80);
    private static readonly Backend C = new(IPAddress.Parse("127.80.0.3"), 80);
    private static readonly IPAddress Client = IPAddress.Loopback;
    private static readonly HashSet<Backend> NoneFailed = [];

    private static BackendPool Pool(Scheduling scheduling, TimeSpan? affinity = null)
    {
        var pool = new BackendPool();
        pool.Update([C, A, B], scheduling, affinity);
        return pool;
    }

    [Fact]
    public void RoundRobinVisitsEveryBackendInTurn()
    {
        var pool = Pool(Scheduling.RoundRobin);
        var picks = Enumerable.Range(0, 300).Select(_ => pool.Pick(Client, NoneFailed)!).ToList();
        Assert.All(picks.GroupBy(p => p), g => Assert.Equal(100, g.Count()));
        Assert.NotEqual(picks[0], picks[1]);
    }

    [Fact]
    public void LeastConnectionPrefersTheBackendWithFewestActiveConnections()
    {
        var pool = Pool(Scheduling.LeastConnection);
        using var a1 = pool.Track(A);
        using var a2 = pool.Track(A);
        using var b1 = pool.Track(B);
        Assert.Equal(C, pool.Pick(Client, NoneFailed));
        using var c1 = pool.Track(C);
        Assert.Contains(pool.Pick(Client, NoneFailed), new[] { B, C });
        a1.Dispose();
        a2.Dispose();
        Assert.Equal(A, pool.Pick(Client, NoneFailed));
        Assert.Equal(0, pool.ActiveConnections(A));
    }

    [Fact]
    public void SourceHashAndClientIpAffinityKeepAClientOnOneBackend()
    {
        var hashed = Pool(Scheduling.SourceHash);
        var first = hashed.Pick(Client, NoneFailed);
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(first, hashed.Pick(Client, NoneFailed)));

        var sticky = Pool(Scheduling.RoundRobin, TimeSpan.FromMinutes(1));
        var chosen = sticky.Pick(Client, NoneFailed)!;
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(chosen, sticky.Pick(Client, NoneFailed)));

        // When the sticky backend leaves, the client moves on.
        sticky.Update(new[] { A, B, C }.Where(b => b != chosen), Scheduling.RoundRobin, TimeSpan.FromMinutes(1));
        Assert.NotEqual(chosen, sticky.Pick(Client, NoneFailed));
    }

    [Fact]
    public void FailedBackendsAreSkippedAndAnEmptyPoolPicksNothing()
    {
        var pool = Pool(Scheduling.RoundRobin);
        Assert.Equal(C, pool.Pick(Client, new HashSet<Backend> { A, B }));
        Assert.Null(pool.Pick(Client, new HashSet<Backend> { A, B, C }));
        pool.Update([], Scheduling.RoundRobin, null);
        Assert.Null(pool.Pick(Client, NoneFailed));
    }

    [Fact]
    public void BackendsThePolicyDeniesAreSkippedAndNoneAllowedPicksNothing()
    {
        var pool = Pool(Scheduling.RoundRobin);
        var onlyC = new OnlyTo(C.Address);
        var failed = new HashSet<Backend>();
        Assert.All(Enumerable.Range(0, 6), _ => Assert.Equal(C, pool.PickAdmitted(Client, [], onlyC)));
        Assert.Null(pool.PickAdmitted(Client, failed, new OnlyTo(IPAddress.Parse("127.80.9.9"))));
        Assert.Equal(3, failed.Count);
        // The policy is asked about the re-originating source when one is given (the ingress proxy's node address).
        var source = IPAddress.Parse("127.0.0.2");
        Assert.Equal(A, pool.PickAdmitted(Client, [B, C], new FromOnly(source), source));
        Assert.Null(pool.PickAdmitted(Client, [B, C], new FromOnly(source)));
    }

    private sealed class OnlyTo(IPAddress allowed) : Policy.IConnectionPolicy
    {
        public bool Allows(IPAddress source, IPAddress destination, int port) => destination.Equals(allowed);
    }

    private sealed class FromOnly(IPAddress allowed) : Policy.IConnectionPolicy
    {
        public bool Allows(IPAddress source, IPAddress destination, int port) => source.Equals(allowed);
    }
}
