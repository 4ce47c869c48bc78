using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orleans.Kube.Store;

/// <summary>
/// Tails the revision log for one silo and fans events out to watchers and to the silo's
/// <see cref="WatchCache"/>. PostgreSQL NOTIFY wakes it after each write; a one-second poll covers a
/// lost notification or a reconnect.
/// </summary>
public sealed class ResourceWatchHub(NpgsqlDataSource db, ResourceStore store, WatchCache cache, ILogger<ResourceWatchHub> logger)
{
    /// <summary>A watcher this far behind is cut off; its client re-lists, as with kube-apiserver.</summary>
    private const int SubscriberBuffer = 20_000;
    private const int PageSize = 1_000;
    private readonly object gate = new();
    private readonly List<Channel<StoredEvent>> subscribers = [];
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long position;

    /// <summary>The newest revision delivered to subscribers.</summary>
    public long Position
    {
        get { lock (gate) return position; }
    }

    public Task Started => started.Task;

    public WatchCache Cache => cache;

    /// <summary>
    /// Events with revisions above the returned <c>Start</c> will arrive on the reader; older
    /// ones must be read from the store's log.
    /// </summary>
    public (long Start, ChannelReader<StoredEvent> Events, IDisposable Subscription) Subscribe()
    {
        var channel = Channel.CreateBounded<StoredEvent>(new BoundedChannelOptions(SubscriberBuffer) { SingleReader = true });
        lock (gate)
        {
            subscribers.Add(channel);
            return (position, channel.Reader, new Unsubscriber(this, channel));
        }
    }

    /// <summary>
    /// The events of one resource (in one namespace, or all when null) after
    /// <paramref name="fromRevision"/>, without gaps or repeats. From revision 0, the current objects
    /// come first as Added events (a consistent read of the cache, else of the store). Events between
    /// the start and the live feed come from the cache's window when it still holds them, else from
    /// the store's log. Throws <see cref="RevisionCompactedException"/> when the revision is no longer in the log.
    /// </summary>
    public async IAsyncEnumerable<StoredEvent> WatchAsync(string resource, string? ns, long fromRevision,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await Started.WaitAsync(ct);
        var (start, live, subscription) = Subscribe();
        using var _ = subscription;
        bool InScope(StoredObject o) => o.Resource == resource && (ns is null || o.Namespace == ns);

        var from = fromRevision;
        if (from <= 0)
        {
            IEnumerable<StoredObject> items;
            if (await cache.ReadConsistentAsync(resource, ct) is { } snapshot)
                (items, from) = (snapshot.Objects.Items(ns).Select(o => o.Object), snapshot.Revision);
            else
                (items, from) = await store.ListAsync(resource, ns, ct);
            foreach (var item in items)
                yield return new StoredEvent(item.Revision, WatchEventType.Added, item);
        }

        if (from < start && cache.WindowEvents(from, start) is { } recent)
        {
            // The window may outlive the log's compaction; a client asking for a compacted revision still gets 410.
            if (fromRevision > 0 && await store.CompactedRevisionAsync(ct) is var compacted && from < compacted)
                throw new RevisionCompactedException(from, compacted);
            foreach (var e in recent.Where(e => InScope(e.Object)))
                yield return e;
        }
        else
        {
            for (var replayed = from; replayed < start;)
            {
                var page = await store.ReadLogAsync(replayed, start, PageSize, ct);
                if (page.Count == 0)
                    break;
                foreach (var e in page.Where(e => InScope(e.Object)))
                    yield return e;
                replayed = page[^1].Revision;
            }
        }

        await foreach (var e in live.ReadAllAsync(ct))
            if (e.Revision > from && InScope(e.Object))
                yield return e;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(ct);
                connection.Notification += (_, _) => { };
                await using (var listen = new NpgsqlCommand($"LISTEN {ResourceStore.NotifyChannel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                if (!started.Task.IsCompleted)
                {
                    lock (gate) position = 0;
                    var current = await store.CurrentRevisionAsync(ct);
                    lock (gate)
                    {
                        position = current;
                        cache.Reset(current);
                    }
                    started.TrySetResult();
                }

                while (!ct.IsCancellationRequested)
                {
                    await DrainAsync(ct);
                    await connection.WaitAsync(TimeSpan.FromSeconds(1), ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Watch hub lost PostgreSQL ({Reason}); reconnecting", ex.Message);
                // The hub's connection is the first to hear of a restart. Every idle pooled connection
                // died with it, and each would fail its next request once: drop them now.
                PostgresPools.ClearAll(db);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task DrainAsync(CancellationToken ct)
    {
        while (true)
        {
            IReadOnlyList<StoredEvent> page;
            try
            {
                page = await store.ReadLogAsync(Position, long.MaxValue, PageSize, ct);
            }
            catch (RevisionCompactedException ex)
            {
                // This silo fell behind compaction: skip ahead; its watchers' clients will re-list.
                Publish([], ex.Compacted, cutOffEveryone: true);
                continue;
            }
            if (page.Count == 0)
                return;
            Publish(page, page[^1].Revision, cutOffEveryone: false);
            if (page.Count < PageSize)
                return;
        }
    }

    private void Publish(IReadOnlyList<StoredEvent> events, long newPosition, bool cutOffEveryone)
    {
        lock (gate)
        {
            foreach (var channel in subscribers.ToList())
            {
                var keptUp = !cutOffEveryone && events.All(e => channel.Writer.TryWrite(e));
                if (!keptUp)
                {
                    channel.Writer.TryComplete(new RevisionCompactedException(position, newPosition));
                    subscribers.Remove(channel);
                }
            }
            if (cutOffEveryone)
                cache.Reset(newPosition);
            else
                cache.Apply(events, newPosition);
            position = newPosition;
        }
        StoreMetrics.WatchRevision.Set(newPosition);
    }

    private sealed class Unsubscriber(ResourceWatchHub hub, Channel<StoredEvent> channel) : IDisposable
    {
        public void Dispose()
        {
            lock (hub.gate) hub.subscribers.Remove(channel);
            channel.Writer.TryComplete();
        }
    }
}
