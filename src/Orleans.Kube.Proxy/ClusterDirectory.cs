using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Proxy;

/// <summary>
/// A worker silo's live copy of the Services and EndpointSlices (list, then watch), which the
/// cluster DNS answers from and from which pods get their service environment variables.
/// Readers take an immutable snapshot, so a query never waits for the feed.
/// </summary>
public sealed partial class ClusterDirectory(ResourceStore store, ResourceWatchHub hub, ILogger<ClusterDirectory> logger) : BackgroundService
{
    public const string Services = "services";
    public const string Slices = "endpointslices.discovery.k8s.io";
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int listed;

    public ClusterSnapshot Snapshot { get; private set; } = ClusterSnapshot.Empty;

    /// <summary>Completes once both kinds were listed (pods started before see every Service that exists).</summary>
    public Task Loaded => loaded.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FollowAsync(Services, stoppingToken), FollowAsync(Slices, stoppingToken));

    private async Task FollowAsync(string resource, CancellationToken ct)
    {
        var countedListed = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await hub.Started.WaitAsync(ct);
                var (items, revision) = await store.ListAsync(resource, null, ct);
                Replace(resource, _ => items.ToImmutableDictionary(i => (i.Namespace, i.Name), i => KubeJson.ParseObject(i.Body)));
                if (!countedListed && Interlocked.Increment(ref listed) == 2)
                    loaded.TrySetResult();
                countedListed = true;
                await foreach (var e in hub.WatchAsync(resource, null, revision, ct))
                    Replace(resource, known => e.Type == WatchEventType.Deleted
                        ? known.Remove((e.Object.Namespace, e.Object.Name))
                        : known.SetItem((e.Object.Namespace, e.Object.Name), KubeJson.ParseObject(e.Object.Body)));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFeedBroken(logger, ex, resource);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
        }
    }

    private void Replace(string resource, Func<ImmutableDictionary<(string, string), JsonObject>, ImmutableDictionary<(string, string), JsonObject>> change)
    {
        lock (loaded)
            Snapshot = resource == Services
                ? Snapshot with { Services = change(Snapshot.Services) }
                : Snapshot with { Slices = change(Snapshot.Slices) };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster directory feed of {Resource} broke; listing again")]
    private static partial void LogFeedBroken(ILogger logger, Exception exception, string resource);
}
