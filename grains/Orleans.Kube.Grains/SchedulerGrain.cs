using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Scheduling;
using Orleans.Kube.Store;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// Places pending pods in batches: one snapshot of nodes and bound pods, one pass of the
/// scheduler over every queued pod, then binds. The snapshot comes from mirrors of the nodes and
/// pods kept current from the store's log, so a batch parses only what changed since the last
/// one. Besides pods that enqueue themselves, it sweeps for unbound pods every few seconds, so
/// nothing waits forever after a silo loss.
/// </summary>
public sealed partial class SchedulerGrain(ResourceStore store, ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain, IRemindable
{
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(5);
    private const int BindParallelism = 64;
    private readonly HashSet<string> pending = [];
    private readonly PodScheduler scheduler = new();
    private readonly ResourceMirror<ScheduledPod> pods = new(store, ResourceKinds.Pod.GroupResource, ScheduledPod.From);
    private readonly ResourceMirror<NodeSnapshot> nodes = new(store, ResourceKinds.Node.GroupResource,
        node => NodeSnapshot.From(KubeJson.ParseObject(node.Body), []));
    private IGrainTimer? batchTimer;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(TimeSpan.FromSeconds(1), Sweep) { Interleave = false });
        await this.RegisterOrUpdateReminder("keepalive", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    Task ISchedulerGrain.Enqueue(string podKey)
    {
        pending.Add(podKey);
        batchTimer ??= this.RegisterGrainTimer(RunBatchAsync, new GrainTimerCreationOptions(BatchDelay, Timeout.InfiniteTimeSpan) { Interleave = false });
        return Task.CompletedTask;
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;

    private async Task SweepAsync()
    {
        await pods.RefreshAsync();
        foreach (var ((ns, name), pod) in pods.Items)
            if (pod.NeedsNode)
                pending.Add(ResourceGrains.Key(ns, name));
        if (pending.Count > 0)
            await RunBatchAsync();
    }

    private async Task RunBatchAsync()
    {
        batchTimer?.Dispose();
        batchTimer = null;
        if (pending.Count == 0)
            return;
        var keys = pending.ToList();
        pending.Clear();
        try
        {
            await ScheduleAsync(keys);
        }
        catch (Exception ex)
        {
            LogBatchFailed(logger, ex, keys.Count);
            foreach (var key in keys)
                pending.Add(key);
        }
    }

    private async Task ScheduleAsync(List<string> keys)
    {
        // Every pod was written before it enqueued itself, so the refreshed mirror has it (or its deletion).
        await nodes.RefreshAsync();
        await pods.RefreshAsync();

        var requests = new List<PodRequest>();
        var awaitingNode = new Dictionary<PodRequest, IReadOnlyList<string>>(ReferenceEqualityComparer.Instance);
        foreach (var key in keys)
        {
            if (!pods.Items.TryGetValue(ResourceGrains.ParseKey(key), out var pod) || !pod.NeedsNode)
                continue;
            if (pod.Request is not { } request)
            {
                await Pod(key).MarkUnschedulable($"invalid resource requests: {pod.Invalid}");
                continue;
            }
            if (pod.Claims.Count > 0)
            {
                var claims = await PodClaims.ResolveAsync(GrainFactory, request.Namespace, pod.Claims);
                if (claims.Problem is { } problem)
                {
                    await Pod(key).MarkUnschedulable($"0/{nodes.Items.Count} nodes are available: {problem}.");
                    continue;
                }
                request = request with { VolumeNodeAffinities = claims.VolumeNodeAffinities };
                if (claims.AwaitingNode.Count > 0)
                    awaitingNode[request] = claims.AwaitingNode;
            }
            requests.Add(request);
        }
        if (requests.Count == 0)
            return;

        var started = Stopwatch.GetTimestamp();
        var placements = scheduler.ScheduleBatch(requests, Snapshots());
        using var gate = new SemaphoreSlim(BindParallelism);
        await Task.WhenAll(placements.Select(async placement =>
        {
            await gate.WaitAsync();
            try
            {
                var pod = Pod(ResourceGrains.Key(placement.Pod.Namespace, placement.Pod.Name));
                if (placement.NodeName is { } node)
                {
                    if (awaitingNode.TryGetValue(placement.Pod, out var claims))
                        await PodClaims.SelectNodeAsync(GrainFactory, placement.Pod.Namespace, claims, node);
                    var bound = await pod.Bind(node);
                    SchedulerMetrics.Record(bound.IsSuccess ? "scheduled" : "error", Stopwatch.GetElapsedTime(started));
                }
                else
                {
                    await pod.MarkUnschedulable(placement.Reason ?? "0/0 nodes are available");
                    SchedulerMetrics.Record("unschedulable", Stopwatch.GetElapsedTime(started));
                }
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Every node with what its non-terminal bound pods request (finished pods hold nothing, as in kube).</summary>
    private List<NodeSnapshot> Snapshots()
    {
        var requested = new Dictionary<string, Resources>();
        var owners = new Dictionary<string, Dictionary<string, int>>();
        foreach (var pod in pods.Items.Values)
        {
            if (pod is not { NodeName: { } node, Terminal: false, Request: { } request })
                continue;
            requested[node] = requested.GetValueOrDefault(node).Add(request.Requests);
            if (request.OwnerUid is { } owner)
            {
                var counts = owners.TryGetValue(node, out var c) ? c : owners[node] = new(StringComparer.Ordinal);
                counts[owner] = counts.GetValueOrDefault(owner) + 1;
            }
        }
        return [.. nodes.Items.Values.Select(node => node with
        {
            Requested = requested.GetValueOrDefault(node.Name),
            PodsByOwner = owners.TryGetValue(node.Name, out var counts) ? counts : node.PodsByOwner,
        })];
    }

    private IPodGrain Pod(string key) => GrainFactory.GetGrain<IPodGrain>(key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduling a batch of {Count} pods failed; retrying")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
