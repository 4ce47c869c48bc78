using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// A node and its lease: the agent's heartbeats keep it Ready; silence longer than the grace
/// period makes it NotReady (condition Unknown, unreachable taint) and fails its pods so their
/// owners replace them elsewhere.
/// </summary>
[AwayFromNodePlacement]
public sealed class NodeGrain(IResourceStore store, IOptions<NodeLifecycleOptions> options, ILogger<NodeGrain> logger)
    : ResourceGrain(ResourceKinds.Node, store, logger), INodeGrain
{
    private const string UnreachableTaint = "node.kubernetes.io/unreachable";
    private const string LeaseNamespace = "kube-node-lease";
    private const int LeaseDurationSeconds = 40;
    private static readonly TimeSpan StatusRefresh = TimeSpan.FromSeconds(30);
    private DateTimeOffset lastHeartbeat = DateTimeOffset.UtcNow;
    private DateTimeOffset lastStatusWrite = DateTimeOffset.MinValue;
    private IGrainTimer? watchdog;
    private string? placementView;

    private TimeSpan Grace => TimeSpan.FromSeconds(options.Value.GracePeriodSeconds);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        // Whatever happened while no silo hosted this grain, the node gets a full grace period.
        lastHeartbeat = DateTimeOffset.UtcNow;
        var period = options.Value.CheckPeriod;
        watchdog = this.RegisterGrainTimer(CheckLivenessAsync, new GrainTimerCreationOptions(period * Random.Shared.NextDouble(), period) { Interleave = false });
    }

    /// <summary>The field manager of what the node agent reports (node status, pod status), kube's kubelet.</summary>
    internal const string Kubelet = "kubelet";

    async Task INodeGrain.Heartbeat(string report)
    {
        lastHeartbeat = DateTimeOffset.UtcNow;
        // A Ready node's heartbeat only renews its lease (in memory) until a status refresh is due.
        if (Current is not null && IsReady(Current) && DateTimeOffset.UtcNow - lastStatusWrite < StatusRefresh)
            return;
        var reported = KubeJson.ParseObject(report);
        if (Current is null)
        {
            reported["status"] = WithReady(reported["status"]?.DeepClone() as JsonObject ?? new JsonObject(), true);
            await CreateAsync(reported, new WriteOptions(FieldManager: Kubelet));
            await EventRecorder.RecordAsync(GrainFactory, Current ?? reported, "Normal", "RegisteredNode", $"Node {ObjectName} event: Registered Node {ObjectName} in Controller", "node-controller");
            await RenewLeaseAsync();
            return;
        }

        var wasReady = IsReady(Current);
        var next = (JsonObject)Current.DeepClone();
        // The agent owns status and its system labels; spec (cordon, taints) stays the user's,
        // except the unreachable taint, which this grain set and now lifts.
        next["status"] = WithReady(reported["status"]?.DeepClone() as JsonObject ?? new JsonObject(), true);
        var labels = next.Metadata()["labels"] as JsonObject ?? new JsonObject();
        foreach (var (key, value) in reported.Metadata()["labels"] as JsonObject ?? [])
            labels[key] = value?.DeepClone();
        next.Metadata()["labels"] = labels;
        RemoveTaint(next, UnreachableTaint);
        await WriteAsync(next, Kubelet);
        lastStatusWrite = DateTimeOffset.UtcNow;
        await RenewLeaseAsync();
        if (!wasReady)
            await EventRecorder.RecordAsync(GrainFactory, Current!, "Normal", "NodeReady", $"Node {ObjectName} status is now: NodeReady", "kubelet");
    }

    Task INodeGrain.EnsureWatched() => Task.CompletedTask;

    protected override Task OnWrittenAsync(JsonObject obj) => NotifyWatchersAsync(obj);

    protected override async Task OnRemovedAsync(JsonObject last)
    {
        await GrainFactory.For(ResourceKinds.Lease, LeaseNamespace, ObjectName).Delete(DeleteRequest.Default);
        await NotifyWatchersAsync(null);
    }

    /// <summary>
    /// The node's Lease in kube-node-lease, as kubelet keeps it (what `kubectl describe node` shows).
    /// Liveness itself runs on the in-memory heartbeat; the stored lease is renewed with each status
    /// refresh, well inside its 40 s duration, so a thousand nodes do not cost a write per heartbeat.
    /// </summary>
    private async Task RenewLeaseAsync()
    {
        var lease = GrainFactory.For(ResourceKinds.Lease, LeaseNamespace, ObjectName);
        var renewTime = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var renewed = await lease.Patch(new PatchRequest(PatchTypes.Merge, KubeJson.Write(new JsonObject
        {
            ["spec"] = new JsonObject { ["holderIdentity"] = ObjectName, ["leaseDurationSeconds"] = LeaseDurationSeconds, ["renewTime"] = renewTime },
        })), WriteOptions.Default);
        if (renewed.Code != 404)
            return;
        await lease.Create(KubeJson.Write(new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject
            {
                ["name"] = ObjectName,
                ["namespace"] = LeaseNamespace,
                ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = ObjectName, ["uid"] = Current?.Uid() }),
            },
            ["spec"] = new JsonObject { ["holderIdentity"] = ObjectName, ["leaseDurationSeconds"] = LeaseDurationSeconds, ["renewTime"] = renewTime },
        }), WriteOptions.Default);
    }

    /// <summary>Controllers that place pods per node hear when what placement reads changed (not every heartbeat).</summary>
    private async Task NotifyWatchersAsync(JsonObject? node)
    {
        var view = node is null ? "" : KubeJson.Write(new JsonObject
        {
            ["labels"] = node["metadata"]?["labels"]?.DeepClone(),
            ["spec"] = node["spec"]?.DeepClone(),
            ["ready"] = IsReady(node),
        });
        if (view == placementView)
            return;
        placementView = view;
        await GrainFactory.GetGrain<INodeWatchGrain>(0).NodeChanged(ObjectName);
    }

    private async Task CheckLivenessAsync()
    {
        if (Current is null || !IsReady(Current) || DateTimeOffset.UtcNow - lastHeartbeat <= Grace)
            return;
        var next = (JsonObject)Current.DeepClone();
        next["status"] = WithReady(next["status"]?.DeepClone() as JsonObject ?? new JsonObject(), false);
        var spec = next["spec"] as JsonObject ?? new JsonObject();
        next["spec"] = spec;
        var taints = spec["taints"] as JsonArray ?? new JsonArray();
        spec["taints"] = taints;
        taints.Add(new JsonObject { ["key"] = UnreachableTaint, ["effect"] = "NoExecute", ["timeAdded"] = ObjectMeta.Timestamp(DateTimeOffset.UtcNow) });
        await WriteAsync(next);
        await EventRecorder.RecordAsync(GrainFactory, Current!, "Normal", "NodeNotReady", $"Node {ObjectName} status is now: NodeNotReady", "node-controller");

        var pods = await Store.ListPodsOnNodeAsync(ObjectName);
        await Task.WhenAll(pods
            .Select(pod => GrainFactory.GetGrain<IPodGrain>(ResourceGrains.Key(pod.Namespace, pod.Name)).MarkNodeLost(ObjectName)));
    }

    private static bool IsReady(JsonObject node) =>
        (node["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c.GetString("type") == "Ready" && c.GetString("status") == "True") == true;

    private static JsonObject WithReady(JsonObject status, bool ready)
    {
        var now = ObjectMeta.Timestamp(DateTimeOffset.UtcNow);
        var conditions = status["conditions"] as JsonArray ?? new JsonArray();
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == "Ready");
        var condition = new JsonObject
        {
            ["type"] = "Ready",
            ["status"] = ready ? "True" : "Unknown",
            ["lastHeartbeatTime"] = now,
            ["lastTransitionTime"] = existing is not null && (existing.GetString("status") == "True") == ready ? existing["lastTransitionTime"]?.DeepClone() : now,
            ["reason"] = ready ? "KubeletReady" : "NodeStatusUnknown",
            ["message"] = ready ? "okube node agent is posting ready status" : "Kubelet stopped posting node status.",
        };
        if (existing is not null)
            conditions[conditions.IndexOf(existing)] = condition;
        else
            conditions.Add(condition);
        status["conditions"] = conditions;
        return status;
    }

    private static void RemoveTaint(JsonObject node, string key)
    {
        if (node["spec"]?["taints"] is not JsonArray taints)
            return;
        foreach (var taint in taints.OfType<JsonObject>().Where(t => t.GetString("key") == key).ToList())
            taints.Remove(taint);
        if (taints.Count == 0)
            ((JsonObject)node["spec"]!).Remove("taints");
    }
}
