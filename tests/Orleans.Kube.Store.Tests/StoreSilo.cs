using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Orleans.Kube.Store.Tests;

/// <summary>
/// What one silo runs of the store, in process: its store, watch cache and hub tailing the log.
/// Two of them on one database stand for two silos. The hub can be paused to make it fall behind.
/// </summary>
internal sealed class StoreSilo : IAsyncDisposable
{
    private readonly NpgsqlDataSource db;
    private CancellationTokenSource? running;
    private Task hubTask = Task.CompletedTask;

    public StoreSilo(string connectionString, int windowSize = WatchCache.DefaultWindowSize)
    {
        db = NpgsqlDataSource.Create(connectionString);
        Store = new ResourceStore(db, new ResourceCipher(new byte[32]));
        Cache = new WatchCache(Store, windowSize);
        Hub = new ResourceWatchHub(db, Store, Cache, NullLogger<ResourceWatchHub>.Instance);
    }

    public ResourceStore Store { get; }
    public WatchCache Cache { get; }
    public ResourceWatchHub Hub { get; }

    public static async Task<StoreSilo> StartAsync(string connectionString, int windowSize = WatchCache.DefaultWindowSize)
    {
        var silo = new StoreSilo(connectionString, windowSize);
        await SchemaMigrator.ApplyAsync(silo.db, CancellationToken.None);
        silo.Resume();
        await silo.Hub.Started;
        return silo;
    }

    /// <summary>Starts (again) tailing the log from where the hub stopped.</summary>
    public void Resume()
    {
        running = new CancellationTokenSource();
        hubTask = Hub.RunAsync(running.Token);
    }

    public async Task PauseAsync()
    {
        await running!.CancelAsync();
        await hubTask;
    }

    public Task<long> PutConfigMapAsync(string ns, string name, string value, long expected, string? owner = null)
    {
        var owners = owner is null ? "" : $$""","ownerReferences":[{"uid":"{{owner}}"}]""";
        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{"v":"{{{value}}}"}{{{owners}}}},"data":{"v":"{{{value}}}"}}""";
        return Store.PutAsync("configmaps", ns, name, body, expected, owner is null ? [] : [owner]);
    }

    public async ValueTask DisposeAsync()
    {
        if (running is not null)
            await PauseAsync();
        await db.DisposeAsync();
    }
}
