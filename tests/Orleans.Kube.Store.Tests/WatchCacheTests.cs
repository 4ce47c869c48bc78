using Orleans.Kube.Testing;

namespace Orleans.Kube.Store.Tests;

public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The watch cache against a real PostgreSQL: continuity with watches, freshness across silos, rebuild after compaction.</summary>
public sealed class WatchCacheTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AListFromTheCacheThenAWatchFromItsRevisionSeesEveryLaterChangeExactlyOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var silo = await StoreSilo.StartAsync(await postgres.Server.CreateDatabaseAsync("cachewatch"));
        var revisions = new Dictionary<string, long>();
        for (var i = 0; i < 20; i++)
            revisions[$"cm-{i:D2}"] = await silo.PutConfigMapAsync("a", $"cm-{i:D2}", "1", 0);
        await silo.PutConfigMapAsync("b", "other-namespace", "1", 0);

        var listed = (await silo.Cache.ReadConsistentAsync("configmaps", ct))!;
        Assert.Equal(20, listed.Objects.Items("a").Count());
        Assert.True(listed.Revision >= revisions.Values.Max());

        // Changes racing the watch's start: some land before it subscribes, some after.
        var expected = new List<(long Revision, WatchEventType Type, string Name)>();
        async Task ChangeAsync(int i)
        {
            var name = $"cm-{i % 20:D2}";
            if (i % 7 == 6)
            {
                var deleted = await silo.Store.DeleteAsync("configmaps", "a", name, "{}", revisions[name]);
                revisions.Remove(name);
                lock (expected) expected.Add((deleted, WatchEventType.Deleted, name));
            }
            else if (revisions.TryGetValue(name, out var current))
            {
                var modified = await silo.PutConfigMapAsync("a", name, $"{i}", current);
                revisions[name] = modified;
                lock (expected) expected.Add((modified, WatchEventType.Modified, name));
            }
            else
            {
                var added = await silo.PutConfigMapAsync("a", name, $"{i}", 0);
                revisions[name] = added;
                lock (expected) expected.Add((added, WatchEventType.Added, name));
            }
            await silo.PutConfigMapAsync("b", $"noise-{i}", "1", 0);
        }
        for (var i = 0; i < 10; i++)
            await ChangeAsync(i);

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Deadline);
        var seen = new List<(long Revision, WatchEventType Type, string Name)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in silo.Hub.WatchAsync("configmaps", "a", listed.Revision, cts.Token))
            {
                lock (seen) seen.Add((e.Revision, e.Type, e.Object.Name));
                if (seen.Count == 40)
                    return;
            }
        }, ct);
        for (var i = 10; i < 40; i++)
            await ChangeAsync(i);
        await watching;

        Assert.Equal(expected, seen);
        // The first ten changes came from the cache's window, not the log; the window holds them all.
        Assert.NotNull(silo.Cache.WindowEvents(listed.Revision, expected[^1].Revision));

        // A watch from 0 starts with the cache's current objects, then goes on live.
        var fromZero = silo.Hub.WatchAsync("configmaps", "a", 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var initial = new List<StoredEvent>();
        for (var i = 0; i < revisions.Count; i++)
        {
            Assert.True(await fromZero.MoveNextAsync());
            initial.Add(fromZero.Current);
        }
        Assert.All(initial, e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.Equal(revisions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => (r.Key, r.Value)),
            initial.Select(e => (e.Object.Name, e.Revision)));
        var next = await silo.PutConfigMapAsync("a", "after-zero", "1", 0);
        Assert.True(await fromZero.MoveNextAsync());
        Assert.Equal((next, WatchEventType.Added, "after-zero"), (fromZero.Current.Revision, fromZero.Current.Type, fromZero.Current.Object.Name));
        await fromZero.DisposeAsync();
    }

    [Fact]
    public async Task AConsistentReadOnOneSiloSeesAWriteJustMadeThroughAnother()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.Server.CreateDatabaseAsync("cachefresh");
        await using var writer = await StoreSilo.StartAsync(database);
        await using var reader = await StoreSilo.StartAsync(database);
        // Build the reader's views first, so later reads are served from its live cache.
        Assert.NotNull(await reader.Cache.ReadConsistentAsync("configmaps", ct));
        var owner = Guid.NewGuid().ToString();
        for (var i = 0; i < 50; i++)
        {
            var revision = await writer.PutConfigMapAsync("fresh", $"cm-{i}", "1", 0, owner);
            var snapshot = (await reader.Cache.ReadConsistentAsync("configmaps", ct))!;
            Assert.True(snapshot.Revision >= revision);
            Assert.Equal(revision, snapshot.Objects.Get("fresh", $"cm-{i}")?.Object.Revision);
            // The grains' view of the same cache: owned objects and lists are just as fresh.
            var store = new CachedResourceStore(reader.Store, reader.Cache);
            Assert.Equal(i + 1, (await store.ListOwnedAsync("configmaps", owner, "fresh", ct)).Count);
            Assert.Equal(i + 1, (await store.ListAsync("configmaps", "fresh", ct)).Items.Count);
        }
        var deleted = await writer.Store.DeleteAsync("configmaps", "fresh", "cm-0", "{}", (await writer.Store.GetAsync("configmaps", "fresh", "cm-0", ct))!.Revision, ct);
        var afterDelete = (await reader.Cache.ReadConsistentAsync("configmaps", ct))!;
        Assert.True(afterDelete.Revision >= deleted);
        Assert.Null(afterDelete.Objects.Get("fresh", "cm-0"));
        Assert.Equal(49, afterDelete.Objects.OwnedBy(owner, "fresh").Count);
    }

    [Fact]
    public async Task TheCacheIsRebuiltWhenItsHubFellBehindCompaction()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await postgres.Server.CreateDatabaseAsync("cachegone");
        await using var writer = await StoreSilo.StartAsync(database);
        await using var reader = await StoreSilo.StartAsync(database, windowSize: 16);
        var first = await writer.PutConfigMapAsync("gone", "before", "1", 0);
        var before = (await reader.Cache.ReadConsistentAsync("configmaps", ct))!;
        Assert.NotNull(before.Objects.Get("gone", "before"));

        // The reader's hub stops tailing while the log moves on past its window and is compacted.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Deadline);
        var cutOff = reader.Hub.WatchAsync("configmaps", "gone", before.Revision, cts.Token).GetAsyncEnumerator(cts.Token);
        var pending = cutOff.MoveNextAsync().AsTask();
        await reader.PauseAsync();
        var stale = reader.Cache.Revision;
        await writer.Store.DeleteAsync("configmaps", "gone", "before", "{}", first, ct);
        long last = 0;
        for (var i = 0; i < 40; i++)
            last = await writer.PutConfigMapAsync("gone", $"after-{i}", "1", 0);
        await writer.Store.CompactAsync(TimeSpan.Zero, 1, ct);

        reader.Resume();
        // Its watchers are cut off with 410 (their clients re-list) ...
        await Assert.ThrowsAsync<RevisionCompactedException>(() => pending);
        // ... and a watch from the old revision is 410 too: the log no longer has it.
        await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            await foreach (var _ in reader.Hub.WatchAsync("configmaps", "gone", stale, cts.Token))
                break;
        });
        // A consistent read rebuilds the view from the store: the delete it missed is not served stale.
        var rebuilt = (await reader.Cache.ReadConsistentAsync("configmaps", ct))!;
        Assert.True(rebuilt.Revision >= last);
        Assert.Null(rebuilt.Objects.Get("gone", "before"));
        Assert.Equal(40, rebuilt.Objects.Items("gone").Count());
        Assert.True(reader.Cache.WindowStart > stale);
    }
}
