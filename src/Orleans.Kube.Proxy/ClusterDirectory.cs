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
public sealed class ClusterDirectory(ResourceStore store, ResourceWatchHub hub, ILogger<ClusterDirectory> logger) : BackgroundService
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

    private Task FollowAsync(string resource, CancellationToken ct)
    {
        var countedListed = false;
        return ResourceFeed.FollowAsync(store, hub, resource,
            items =>
            {
                Replace(resource, _ => ResourceFeed.Index(items));
                if (!countedListed && Interlocked.Increment(ref listed) == 2)
                    loaded.TrySetResult();
                countedListed = true;
            },
            e => Replace(resource, known => ResourceFeed.Apply(known, e)),
            logger, ct);
    }

    private void Replace(string resource, Func<ImmutableDictionary<(string, string), JsonObject>, ImmutableDictionary<(string, string), JsonObject>> change)
    {
        lock (loaded)
            Snapshot = resource == Services
                ? Snapshot with { Services = change(Snapshot.Services) }
                : Snapshot with { Slices = change(Snapshot.Slices) };
    }
}
