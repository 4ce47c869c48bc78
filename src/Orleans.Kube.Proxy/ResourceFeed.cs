using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Proxy;

/// <summary>
/// List, then follow the watch, of one resource through the silo's watch hub; on any break (compaction, a lost
/// database) it waits a second and lists again. The caller applies the listing and each event.
/// </summary>
public static partial class ResourceFeed
{
    public static async Task FollowAsync(ResourceStore store, ResourceWatchHub hub, string resource,
        Action<IReadOnlyList<StoredObject>> listed, Action<StoredEvent> changed, ILogger logger, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await hub.Started.WaitAsync(ct);
                var (items, revision) = await store.ListAsync(resource, null, ct);
                listed(items);
                await foreach (var e in hub.WatchAsync(resource, null, revision, ct))
                    changed(e);
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

    /// <summary>A listing as objects by (namespace, name).</summary>
    public static ImmutableDictionary<(string, string), JsonObject> Index(IReadOnlyList<StoredObject> items) =>
        items.ToImmutableDictionary(i => (i.Namespace, i.Name), i => KubeJson.ParseObject(i.Body));

    /// <summary>The objects after one watch event.</summary>
    public static ImmutableDictionary<(string, string), JsonObject> Apply(ImmutableDictionary<(string, string), JsonObject> known, StoredEvent e) =>
        e.Type == WatchEventType.Deleted
            ? known.Remove((e.Object.Namespace, e.Object.Name))
            : known.SetItem((e.Object.Namespace, e.Object.Name), KubeJson.ParseObject(e.Object.Body));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed of {Resource} broke; listing again")]
    private static partial void LogFeedBroken(ILogger logger, Exception exception, string resource);
}
