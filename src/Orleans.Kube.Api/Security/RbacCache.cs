using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// This silo's live copy of the RBAC objects (list, then watch through the silo's watch hub), so
/// authorizing a request reads memory, not PostgreSQL. A change is seen within the hub's wake-up.
/// </summary>
public sealed partial class RbacCache(ResourceStore store, ResourceWatchHub hub, ILogger<RbacCache> logger) : BackgroundService
{
    public const string Roles = "roles.rbac.authorization.k8s.io";
    public const string ClusterRoles = "clusterroles.rbac.authorization.k8s.io";
    public const string RoleBindings = "rolebindings.rbac.authorization.k8s.io";
    public const string ClusterRoleBindings = "clusterrolebindings.rbac.authorization.k8s.io";
    private static readonly string[] Resources = [Roles, ClusterRoles, RoleBindings, ClusterRoleBindings];
    private readonly TaskCompletionSource loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableDictionary<string, ImmutableDictionary<(string Namespace, string Name), JsonObject>> objects =
        Resources.ToImmutableDictionary(r => r, _ => ImmutableDictionary<(string, string), JsonObject>.Empty);
    private int listed;

    public Task Loaded => loaded.Task;

    public IEnumerable<JsonObject> All(string resource) => objects[resource].Values;

    public IEnumerable<JsonObject> InNamespace(string resource, string ns) =>
        objects[resource].Where(o => o.Key.Namespace == ns).Select(o => o.Value);

    public JsonObject? Find(string resource, string ns, string name) => objects[resource].GetValueOrDefault((ns, name));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Resources.Select(r => FollowAsync(r, stoppingToken)));

    private async Task FollowAsync(string resource, CancellationToken ct)
    {
        var countedListed = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await hub.Started.WaitAsync(ct);
                var (items, revision) = await store.ListAsync(resource, null, ct);
                Set(resource, _ => items.ToImmutableDictionary(i => (i.Namespace, i.Name), i => KubeJson.ParseObject(i.Body)));
                if (!countedListed && Interlocked.Increment(ref listed) == Resources.Length)
                    loaded.TrySetResult();
                countedListed = true;
                await foreach (var e in hub.WatchAsync(resource, null, revision, ct))
                    Set(resource, known => e.Type == WatchEventType.Deleted
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

    private void Set(string resource, Func<ImmutableDictionary<(string, string), JsonObject>, ImmutableDictionary<(string, string), JsonObject>> change)
    {
        ImmutableDictionary<string, ImmutableDictionary<(string, string), JsonObject>> before, after;
        do
        {
            before = objects;
            after = before.SetItem(resource, change(before[resource]));
        }
        while (Interlocked.CompareExchange(ref objects, after, before) != before);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "RBAC feed of {Resource} broke; re-listing")]
    private static partial void LogFeedBroken(ILogger logger, Exception exception, string resource);
}
