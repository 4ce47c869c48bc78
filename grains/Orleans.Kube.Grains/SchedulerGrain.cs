using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Scheduling;
using Orleans.Kube.Store;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// Places pending pods in batches: one snapshot of nodes and bound pods, one pass of the
/// scheduler over every queued pod, then binds. Besides pods that enqueue themselves, it sweeps
/// the store for unbound pods every few seconds, so nothing waits forever after a silo loss.
/// </summary>
public sealed partial class SchedulerGrain(ResourceStore store, ILogger<SchedulerGrain> logger) : Grain, ISchedulerGrain, IRemindable
{
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(5);
    private const int BindParallelism = 64;
    private readonly HashSet<string> pending = [];
    private readonly PodScheduler scheduler = new();
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
        var (pods, _) = await store.ListAsync(ResourceKinds.Pod.GroupResource, null);
        foreach (var pod in pods)
        {
            var obj = KubeJson.ParseObject(pod.Body);
            if (NeedsNode(obj))
                pending.Add(ResourceGrains.Key(pod.Namespace, pod.Name));
        }
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
        var (nodes, _) = await store.ListAsync(ResourceKinds.Node.GroupResource, null);
        var (pods, _) = await store.ListAsync(ResourceKinds.Pod.GroupResource, null);
        var podsByKey = new Dictionary<string, JsonObject>();
        var boundByNode = new Dictionary<string, List<JsonObject>>();
        foreach (var stored in pods)
        {
            var pod = KubeJson.ParseObject(stored.Body);
            podsByKey[ResourceGrains.Key(stored.Namespace, stored.Name)] = pod;
            if (PodGrain.NodeName(pod) is { } node)
                (boundByNode.TryGetValue(node, out var list) ? list : boundByNode[node] = []).Add(pod);
        }
        var snapshots = nodes
            .Select(n => KubeJson.ParseObject(n.Body))
            .Select(n => NodeSnapshot.From(n, boundByNode.GetValueOrDefault(n.Name()!) ?? []))
            .ToList();

        var requests = new List<PodRequest>();
        foreach (var key in keys)
        {
            if (!podsByKey.TryGetValue(key, out var pod) || !NeedsNode(pod))
                continue;
            try
            {
                requests.Add(PodRequest.From(pod));
            }
            catch (FormatException ex)
            {
                await Pod(key).MarkUnschedulable($"invalid resource requests: {ex.Message}");
            }
        }
        if (requests.Count == 0)
            return;

        var placements = scheduler.ScheduleBatch(requests, snapshots);
        using var gate = new SemaphoreSlim(BindParallelism);
        await Task.WhenAll(placements.Select(async placement =>
        {
            await gate.WaitAsync();
            try
            {
                var pod = Pod(ResourceGrains.Key(placement.Pod.Namespace, placement.Pod.Name));
                if (placement.NodeName is { } node)
                    await pod.Bind(node);
                else
                    await pod.MarkUnschedulable(placement.Reason ?? "0/0 nodes are available");
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static bool NeedsNode(JsonObject pod) =>
        PodGrain.NodeName(pod) is null && pod.DeletionTimestamp() is null && !PodGrain.IsTerminal(pod);

    private IPodGrain Pod(string key) => GrainFactory.GetGrain<IPodGrain>(key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduling a batch of {Count} pods failed; retrying")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);
}
