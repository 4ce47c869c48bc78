using Npgsql;
using Orleans.Kube.Store;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>The pod IP's one-round-trip acquisition against the cluster's real PostgreSQL, on a pool of its own.</summary>
[Trait("Category", "E2E")]
public sealed class AllocationStoreTests(ApiClusterFixture cluster)
{
    [Fact]
    public async Task AcquireReturnsTheValueTheOwnerHoldsElseAFreeOneAndNullWhenThePoolIsFull()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = NpgsqlDataSource.Create(cluster.Database);
        var store = new AllocationStore(db);
        var pool = new AllocationPool($"test-{Guid.NewGuid():N}", 1, 3, false);

        var first = await store.AcquireAsync(pool, "pods", "a", ct);
        Assert.NotNull(first);
        Assert.Equal(first, await store.AcquireAsync(pool, "pods", "a", ct)); // a retried bind keeps its IP
        Assert.Equal([first!.Value], await store.HeldAsync(pool, "a", ct));

        var second = await store.AcquireAsync(pool, "pods", "b", ct);
        var third = await store.AcquireAsync(pool, "pods", "c", ct);
        Assert.Equal([1L, 2L, 3L], new[] { first.Value, second!.Value, third!.Value }.Order());
        Assert.Null(await store.AcquireAsync(pool, "pods", "d", ct));

        await store.ReleaseAllAsync("b", ct);
        Assert.Equal(second, await store.AcquireAsync(pool, "pods", "d", ct));
    }
}
