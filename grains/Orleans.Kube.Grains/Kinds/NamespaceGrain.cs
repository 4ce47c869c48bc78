using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// Namespace deletion as kube's namespace controller does it: DELETE answers at once and leaves the
/// namespace Terminating (spec.finalizers still holding "kubernetes"); after a short grace period the
/// contents are deleted in the background, objects staying readable and deletable meanwhile (so
/// `kubectl delete -f` of a file holding the namespace and its objects finds each one); once nothing
/// is left the finalizer is removed and the namespace goes.
/// </summary>
public sealed class NamespaceGrain(IResourceStore store, IServiceAccountTokenIssuer tokens, ILogger<NamespaceGrain> logger)
    : ResourceGrain(ResourceKinds.Namespace, store, logger), INamespaceGrain
{
    /// <summary>
    /// A live namespace gets its default ServiceAccount and CA ConfigMap. Not awaited: creating
    /// them asks this grain whether the namespace exists, which it answers once this write is done.
    /// </summary>
    protected override Task OnWrittenAsync(JsonObject obj)
    {
        if (obj.DeletionTimestamp() is null)
            _ = ServiceAccountDefaults.EnsureAsync(GrainFactory, ObjectName, tokens.CaPem);
        return Task.CompletedTask;
    }

    /// <summary>kube's namespaceDeletionGracePeriod: the controller waits this long before touching the contents.</summary>
    public static readonly TimeSpan DeletionGracePeriod = TimeSpan.FromSeconds(5);
    private const string KubernetesFinalizer = "kubernetes";

    protected override bool NeedsCleanupBeforeRemoval(JsonObject obj, long? gracePeriodSeconds) => true;

    protected override void OnDeletionMarked(JsonObject obj)
    {
        var status = obj["status"] as JsonObject ?? new JsonObject();
        status["phase"] = "Terminating";
        obj["status"] = status;
    }

    protected override async Task<bool> CleanupBeforeRemovalAsync(JsonObject obj)
    {
        if (DateTimeOffset.UtcNow < DateTimeOffset.Parse(obj.DeletionTimestamp()!) + DeletionGracePeriod)
            return false;
        var contents = (await Store.ListNamespaceContentsAsync(ObjectName))
            .Where(item => ResourceKinds.ByGroupResource(item.Resource) is not null).ToList();
        await Task.WhenAll(contents
            .Where(item => KubeJson.ParseObject(item.Body).DeletionTimestamp() is null)
            .Select(item => GrainFactory.For(ResourceKinds.ByGroupResource(item.Resource)!, item.Namespace, item.Name)
                .Delete(new DeleteRequest(PropagationPolicies.Background))));
        await ReportRemainingAsync(contents);
        if (contents.Count > 0)
            return false;
        // Everything is gone: the namespace controller's finalize step removes its finalizer.
        if (Current?["spec"]?["finalizers"] is JsonArray { Count: > 0 } finalizers)
        {
            var next = (JsonObject)Current.DeepClone();
            var remaining = new JsonArray([.. finalizers.Select(f => f?.GetValue<string>()).Where(f => f != KubernetesFinalizer).Select(f => (JsonNode?)JsonValue.Create(f))]);
            if (remaining.Count == 0)
                next["spec"]!.AsObject().Remove("finalizers");
            else
                next["spec"]!["finalizers"] = remaining;
            await WriteAsync(next);
            return remaining.Count == 0;
        }
        return true;
    }

    /// <summary>kube's NamespaceContentRemaining condition: what is still there, per resource.</summary>
    private async Task ReportRemainingAsync(List<StoredObject> contents)
    {
        if (Current is null)
            return;
        var counts = contents.GroupBy(c => c.Resource).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{(g.Key.Contains('.') ? g.Key : g.Key + ".")} has {g.Count()} resource instances").ToList();
        var condition = new JsonObject
        {
            ["type"] = "NamespaceContentRemaining",
            ["status"] = counts.Count > 0 ? "True" : "False",
            ["reason"] = counts.Count > 0 ? "SomeResourcesRemain" : "ContentRemoved",
            ["message"] = counts.Count > 0 ? $"Some resources are remaining: {string.Join(", ", counts)}" : "All content successfully removed",
        };
        var status = Current["status"] as JsonObject ?? new JsonObject();
        var old = (status["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == condition.GetString("type"));
        if (old is not null && old.GetString("status") == condition.GetString("status") && old.GetString("message") == condition.GetString("message"))
            return;
        condition["lastTransitionTime"] = ObjectMeta.Timestamp(DateTimeOffset.UtcNow);
        var next = (JsonObject)Current.DeepClone();
        next["status"]!["conditions"] = new JsonArray(condition);
        await WriteAsync(next);
    }
}
