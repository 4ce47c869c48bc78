namespace Orleans.Kube.Store;

/// <summary>
/// A silo's in-memory copy of the store, fed by its <see cref="ResourceWatchHub"/> (kube's cacher,
/// our own design): per resource, built on first use by one list and then kept current by the hub's
/// events, plus a window of the most recent events so a watch can start without reading the log.
/// Everything it answers is a consistent snapshot at a revision; a read that must be fresh first
/// asks PostgreSQL for its current revision (one index probe) and waits until the cache reached it.
/// When the hub skips ahead past compaction the cache is dropped and rebuilt on next use.
/// </summary>
public sealed class WatchCache(ResourceStore store, int windowSize = WatchCache.DefaultWindowSize)
{
    public const int DefaultWindowSize = 4_096;

    /// <summary>How long a read waits for the hub to catch up before its caller falls back to SQL.</summary>
    public static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(3);

    private readonly object gate = new();
    private readonly Dictionary<string, KindState> kinds = [];
    private readonly Queue<StoredEvent> window = new();
    private readonly List<(long Target, TaskCompletionSource Done)> waiters = [];
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long revision;
    private long windowStart;
    private long generation;

    /// <summary>The newest revision applied (every event up to it is reflected).</summary>
    public long Revision
    {
        get { lock (gate) return revision; }
    }

    /// <summary>Events after this revision (up to <see cref="Revision"/>) are all in the window.</summary>
    public long WindowStart
    {
        get { lock (gate) return windowStart; }
    }

    /// <summary>How many resources are cached and how many objects they hold (for metrics and tests).</summary>
    public (int Resources, int Objects) Size
    {
        get
        {
            lock (gate)
                return (kinds.Count, kinds.Values.Sum(k => k.View?.Count ?? 0));
        }
    }

    /// <summary>
    /// The hub starts (or skips ahead past compaction) at <paramref name="position"/>: nothing cached
    /// before is known to be complete, so every view and the window are dropped.
    /// </summary>
    internal void Reset(long position)
    {
        lock (gate)
        {
            foreach (var resource in kinds.Keys)
                StoreMetrics.CachedObjects.WithLabels(resource).Set(0);
            kinds.Clear();
            window.Clear();
            generation++;
            revision = Math.Max(revision, position);
            windowStart = revision;
            ReleaseWaiters();
        }
        started.TrySetResult();
    }

    /// <summary>Applies one page of the hub's events; called by the hub in revision order.</summary>
    internal void Apply(IReadOnlyList<StoredEvent> events, long position)
    {
        lock (gate)
        {
            foreach (var e in events)
            {
                if (kinds.TryGetValue(e.Object.Resource, out var kind))
                    kind.Apply(e);
                window.Enqueue(e);
            }
            while (window.Count > windowSize)
                windowStart = window.Dequeue().Revision;
            revision = Math.Max(revision, position);
            ReleaseWaiters();
            foreach (var (resource, kind) in kinds)
                StoreMetrics.CachedObjects.WithLabels(resource).Set(kind.View?.Count ?? 0);
        }
    }

    /// <summary>
    /// The events in (<paramref name="after"/>, <paramref name="upTo"/>] from the window, oldest first,
    /// or null when the window no longer (or not yet) holds all of them.
    /// </summary>
    public IReadOnlyList<StoredEvent>? WindowEvents(long after, long upTo)
    {
        lock (gate)
        {
            if (after < windowStart || upTo > revision)
                return null;
            return [.. window.Where(e => e.Revision > after && e.Revision <= upTo)];
        }
    }

    /// <summary>
    /// A snapshot of <paramref name="resource"/> current as of the store's latest committed revision
    /// (kube's consistent read from cache); null when the cache did not catch up in time.
    /// </summary>
    public async Task<CacheSnapshot?> ReadConsistentAsync(string resource, CancellationToken ct) =>
        await StartedAsync(ct) ? await ReadAsync(resource, await store.CurrentRevisionAsync(ct), ct) : null;

    /// <summary>A snapshot of <paramref name="resource"/> at <paramref name="atLeast"/> or newer; null when the cache did not get there in time.</summary>
    public async Task<CacheSnapshot?> ReadAsync(string resource, long atLeast, CancellationToken ct)
    {
        var snapshot = await StartedAsync(ct) && await WaitForAsync(atLeast, ct) ? await SnapshotAsync(resource, ct) : null;
        StoreMetrics.CacheReads.WithLabels(snapshot is null ? "fallback" : "served").Inc();
        return snapshot;
    }

    private async Task<CacheSnapshot?> SnapshotAsync(string resource, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (kind, built) = await EnsureAsync(resource, ct);
            lock (gate)
            {
                // A reset while building dropped the view: build again.
                if (!built || kind.Generation != generation || kind.View is not { } view)
                    continue;
                return new CacheSnapshot(view, Math.Max(revision, kind.ListedAt));
            }
        }
        return null;
    }

    // A silo whose hub has not reached PostgreSQL yet reads from SQL meanwhile.
    private async Task<bool> StartedAsync(CancellationToken ct)
    {
        try
        {
            await started.Task.WaitAsync(CatchUpTimeout, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> WaitForAsync(long target, CancellationToken ct)
    {
        TaskCompletionSource done;
        lock (gate)
        {
            if (revision >= target)
                return true;
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((target, done));
        }
        try
        {
            await done.Task.WaitAsync(CatchUpTimeout, ct);
            return true;
        }
        catch (TimeoutException)
        {
            lock (gate) waiters.RemoveAll(w => w.Done == done);
            return false;
        }
    }

    private void ReleaseWaiters()
    {
        foreach (var waiter in waiters.Where(w => w.Target <= revision).ToList())
        {
            waiters.Remove(waiter);
            waiter.Done.TrySetResult();
        }
    }

    /// <summary>The resource's state, listing it from the store the first time it is asked for.</summary>
    private async Task<(KindState Kind, bool Built)> EnsureAsync(string resource, CancellationToken ct)
    {
        KindState kind;
        bool build;
        lock (gate)
        {
            build = !kinds.TryGetValue(resource, out kind!);
            if (build)
                kinds[resource] = kind = new KindState(generation);
        }
        if (!build)
            return (kind, await kind.Ready.WaitAsync(ct));
        try
        {
            // Events published from here on are buffered by the state; those the list already saw are skipped.
            var (items, listed) = await store.ListAsync(resource, null, CancellationToken.None);
            var view = CachedKind.Empty;
            foreach (var item in items)
                view = view.Put(CachedObject.From(item));
            lock (gate)
                kind.Complete(view, listed);
            return (kind, true);
        }
        catch (Exception)
        {
            lock (gate)
            {
                if (kinds.TryGetValue(resource, out var current) && current == kind)
                    kinds.Remove(resource);
                kind.Fail();
            }
            throw;
        }
    }

    /// <summary>One resource: building (events buffered) until its list is in, then a live view.</summary>
    private sealed class KindState(long generation)
    {
        private readonly TaskCompletionSource<bool> ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private List<StoredEvent>? buffered = [];

        public long Generation { get; } = generation;
        public CachedKind? View { get; private set; }

        /// <summary>The revision the view's list was read at: events at or below it are already in.</summary>
        public long ListedAt { get; private set; }

        public Task<bool> Ready => ready.Task;

        public void Apply(StoredEvent e)
        {
            if (buffered is not null)
                buffered.Add(e);
            else if (e.Revision > ListedAt)
                View = Applied(View!, e);
        }

        public void Complete(CachedKind listed, long listedAt)
        {
            ListedAt = listedAt;
            var view = listed;
            foreach (var e in buffered!.Where(e => e.Revision > listedAt))
                view = Applied(view, e);
            buffered = null;
            View = view;
            ready.TrySetResult(true);
        }

        public void Fail()
        {
            buffered = null;
            ready.TrySetResult(false);
        }

        private static CachedKind Applied(CachedKind view, StoredEvent e) =>
            e.Type == WatchEventType.Deleted ? view.Remove(e.Object.Namespace, e.Object.Name) : view.Put(CachedObject.From(e.Object));
    }
}

/// <summary>One resource's cached objects as of <see cref="Revision"/>.</summary>
public sealed record CacheSnapshot(CachedKind Objects, long Revision);
