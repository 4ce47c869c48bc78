using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Proxy;
using Orleans.Kube.Runtime;
using Orleans.Kube.Store;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// The kubelet of one node, pinned to the silo on its host. It keeps the pods bound to the node
/// (refreshed when a pod changes and resynced from the store), reconciles them against the
/// containers found by label (so a restarted agent adopts, never duplicates), removes containers
/// no pod owns, reports pod status and events, and heartbeats the Node.
/// </summary>
[NodePinnedPlacement]
public sealed partial class NodeAgentGrain(
    NodeRuntimes runtimes,
    IResourceStore store,
    IOptions<NodeAgentOptions> agentOptions,
    IOptions<NodeLifecycleOptions> lifecycle,
    IServiceProvider services,
    ILogger<NodeAgentGrain> logger) : Grain, INodeAgentGrain
{
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FullResync = TimeSpan.FromSeconds(15);
    private readonly Dictionary<string, JsonObject> pods = [];
    private readonly Dictionary<string, PodSync> syncs = [];
    private readonly Dictionary<string, string> reported = [];
    private readonly Dictionary<string, IExecSession> execs = [];
    // Pods whose sync runs now, and those asked to sync again while it ran: each pod is synced on
    // its own, so a slow stop or start never holds back the pods bound meanwhile.
    private readonly HashSet<string> inFlight = [];
    private readonly HashSet<string> syncAgain = [];
    private readonly SemaphoreSlim engineSlots = new(Math.Max(1, agentOptions.Value.EngineParallelism));
    private DateTimeOffset lastFullResync = DateTimeOffset.MinValue;
    // Changes that arrive (interleaved) while a reload reads the store, which may predate them.
    private List<(string Key, JsonObject? Pod)>? changedDuringReload;
    private IGrainTimer? kick;
    private PodVolumes? volumes;
    private IContainerRuntime runtime = null!;
    // The pod network of a real (Docker) node; simulated nodes have none.
    private PodNetwork? Network => agentOptions.Value.Runtime == "docker" && agentOptions.Value.Simulated.Count == 0 ? services.GetService(typeof(PodNetwork)) as PodNetwork : null;
    private string report = "";
    private string NodeName => this.GetPrimaryKeyString();
    private PodVolumes Volumes => volumes ??= new PodVolumes(Path.Combine(agentOptions.Value.DataDir, NodeName, "pods"), ReadAsync,
        services.GetService(typeof(IServiceAccountTokenIssuer)) as IServiceAccountTokenIssuer);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        runtime = runtimes.For(NodeName);
        // What the agent reports does not change while it runs: build it once, not per heartbeat.
        report = KubeJson.Write(NodeReport.Build(NodeName, agentOptions.Value));
        await HeartbeatAsync();
        // Random first due times spread the agents of many (simulated) nodes over the period
        // instead of having them all fire in the same instant.
        var heartbeat = TimeSpan.FromSeconds(lifecycle.Value.HeartbeatSeconds);
        this.RegisterGrainTimer(HeartbeatAsync, new GrainTimerCreationOptions(Spread(heartbeat), heartbeat) { Interleave = true });
        var simulated = agentOptions.Value.Simulated;
        var resync = simulated.Count > 0 ? TimeSpan.FromSeconds(simulated.SyncSeconds) : Resync;
        this.RegisterGrainTimer(SyncAllAsync, new GrainTimerCreationOptions(Spread(resync), resync) { Interleave = false });
        StartUsageSampling();
    }

    private static TimeSpan Spread(TimeSpan period) => period * Random.Shared.NextDouble();

    Task INodeAgentGrain.Start() => Task.CompletedTask;

    Task INodeAgentGrain.PodChanged(string podKey, string? pod)
    {
        var bound = pod is not null && KubeJson.ParseObject(pod) is var obj && PodGrain.NodeName(obj) == NodeName ? obj : null;
        var previous = pods.GetValueOrDefault(podKey);
        if (bound is not null)
            pods[podKey] = bound;
        else
            pods.Remove(podKey);
        changedDuringReload?.Add((podKey, bound));
        // Most changes are this agent's own status reports coming back: nothing to do about those.
        if (bound is not null && previous is not null && OnlyStatusDiffers(previous, bound))
            return Task.CompletedTask;
        if (inFlight.Contains(podKey))
            syncAgain.Add(podKey);
        Kick();
        return Task.CompletedTask;
    }

    private static bool OnlyStatusDiffers(JsonObject before, JsonObject after)
    {
        static JsonObject WithoutStatus(JsonObject pod)
        {
            var copy = new JsonObject(pod.Where(p => p.Key != "status").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            (copy["metadata"] as JsonObject)?.Remove("resourceVersion");
            return copy;
        }
        return JsonNode.DeepEquals(WithoutStatus(before), WithoutStatus(after));
    }

    private void Kick() =>
        kick ??= this.RegisterGrainTimer(SyncAllAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false });

    private async Task HeartbeatAsync()
    {
        try
        {
            await GrainFactory.GetGrain<INodeGrain>(NodeName).Heartbeat(report);
        }
        catch (Exception ex)
        {
            LogHeartbeatFailed(logger, ex, NodeName);
        }
    }

    private async Task SyncAllAsync()
    {
        kick?.Dispose();
        kick = null;
        try
        {
            if (DateTimeOffset.UtcNow - lastFullResync > FullResync)
                await ReloadPodsAsync();
            // A pod whose sync was under way while the containers were listed may have created one
            // since: it waits for the next pass, or it would be started twice from a stale listing.
            var busyWhileListing = inFlight.ToHashSet();
            var containers = await runtime.ListAsync(new Dictionary<string, string> { [ContainerLabels.Node] = NodeName }, CancellationToken.None);
            var byPod = containers.GroupBy(c => c.Labels.GetValueOrDefault(ContainerLabels.PodUid) ?? "").ToDictionary(g => g.Key, g => (IReadOnlyList<ContainerInfo>)g.ToList());
            foreach (var (key, pod) in pods.ToList())
            {
                if (busyWhileListing.Contains(key) || !inFlight.Add(key))
                    continue;
                _ = RunPodSyncAsync(key, pod, byPod.GetValueOrDefault(pod.Uid()!) ?? []);
            }

            // Containers whose pod is gone, not bound here, or failed by node loss are removed.
            var wanted = pods.Values.Where(p => p["status"].GetString("reason") != "NodeLost").Select(p => p.Uid()).ToHashSet();
            foreach (var orphan in containers.Where(c => !wanted.Contains(c.Labels.GetValueOrDefault(ContainerLabels.PodUid))))
                await runtime.RemoveAsync(orphan.Id, CancellationToken.None);
            Network?.Retain(containers.Where(c => PodSandbox.IsSandbox(c) && c.State == "running" && wanted.Contains(c.Labels.GetValueOrDefault(ContainerLabels.PodUid))).Select(c => c.Id).ToHashSet());
            foreach (var gone in syncs.Keys.Where(k => !pods.ContainsKey(k) && !inFlight.Contains(k)).ToList())
            {
                syncs.Remove(gone);
                reported.Remove(gone);
            }
        }
        catch (Exception ex)
        {
            LogSyncFailed(logger, ex, NodeName);
        }
    }

    /// <summary>
    /// One pod's sync, started by a pass and not awaited by it. Engine work takes one of the
    /// node's slots; stopping a deleted pod does not, since it mostly waits out the grace period.
    /// </summary>
    private async Task RunPodSyncAsync(string key, JsonObject pod, IReadOnlyList<ContainerInfo> containers)
    {
        // The pass hands out every pod before any of their syncs runs.
        await Task.Yield();
        var terminating = pod.DeletionTimestamp() is not null;
        if (!terminating)
            await engineSlots.WaitAsync();
        // With JSON logs on, every line of this sync carries the node and the pod.
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["node"] = NodeName, ["pod"] = key });
        try
        {
            AgentMetrics.PodSyncs.WithLabels(NodeName).Inc();
            await SyncPodAsync(key, pod, containers);
            LogPodSynced(logger, key, NodeName);
        }
        catch (Exception ex)
        {
            LogPodSyncFailed(logger, ex, key);
        }
        finally
        {
            if (!terminating)
                engineSlots.Release();
            inFlight.Remove(key);
            if (syncAgain.Remove(key))
                Kick();
        }
    }

    private async Task ReloadPodsAsync()
    {
        changedDuringReload = [];
        IReadOnlyList<StoredObject> bound;
        try
        {
            bound = await store.ListPodsOnNodeAsync(NodeName);
        }
        catch
        {
            changedDuringReload = null;
            throw;
        }
        var changed = changedDuringReload;
        changedDuringReload = null;
        pods.Clear();
        foreach (var stored in bound)
        {
            var pod = KubeJson.WithResourceVersion(stored.Body, stored.Revision);
            if (PodGrain.NodeName(pod) == NodeName)
                pods[ResourceGrains.Key(stored.Namespace, stored.Name)] = pod;
        }
        foreach (var (key, pod) in changed)
            if (pod is null)
                pods.Remove(key);
            else
                pods[key] = pod;
        Volumes.RemoveAllExcept(pods.Values.Select(p => p.Uid()!).ToHashSet());
        lastFullResync = DateTimeOffset.UtcNow;
    }

    private async Task SyncPodAsync(string key, JsonObject pod, IReadOnlyList<ContainerInfo> containers)
    {
        var grain = GrainFactory.GetGrain<IPodGrain>(key);
        if (pod.DeletionTimestamp() is not null)
        {
            var grace = TimeSpan.FromSeconds(pod["metadata"]?["deletionGracePeriodSeconds"]?.GetValue<long>() ?? 30);
            if (containers.Any(c => c.State == "running") && grace > TimeSpan.Zero)
                await EndpointDrain.WaitAsync(services.GetService(typeof(ClusterDirectory)) as ClusterDirectory, pod["status"].GetString("podIP"), pod.Namespace()!);
            await Task.WhenAll(containers.Select(c => runtime.StopAsync(c.Id, grace, CancellationToken.None)));
            await Task.WhenAll(containers.Select(c => runtime.RemoveAsync(c.Id, CancellationToken.None)));
            if (containers.Count > 0)
                await EventRecorder.RecordAsync(GrainFactory, pod, "Normal", "Killing", "Stopping pod containers", "kubelet");
            pods.Remove(key);
            Volumes.Remove(pod.Uid()!);
            await grain.ConfirmTerminated();
            return;
        }
        if (pod["status"].GetString("reason") == "NodeLost")
            return;
        if (PodGrain.IsTerminal(pod) && containers.All(c => c.State != "running" || PodSandbox.IsSandbox(c)))
        {
            // A finished pod keeps its containers (logs, status) but not its sandbox.
            foreach (var sandbox in containers.Where(c => PodSandbox.IsSandbox(c) && c.State == "running"))
                await runtime.StopAsync(sandbox.Id, TimeSpan.Zero, CancellationToken.None);
            return;
        }

        if (!syncs.TryGetValue(key, out var sync))
            syncs[key] = sync = new PodSync(runtime, NodeName, agentOptions.Value, ReadAsync, Volumes, Network);
        var status = await sync.SyncAsync(pod, containers, CancellationToken.None);
        foreach (var e in sync.Events)
            await EventRecorder.RecordAsync(GrainFactory, pod, e.Type, e.Reason, e.Message, "kubelet");
        sync.Events.Clear();

        var report = KubeJson.Write(status);
        if (reported.GetValueOrDefault(key) == report)
            return;
        await grain.ReportStatus(report);
        reported[key] = report;
    }

    private async Task<JsonObject?> ReadAsync(string kind, string ns, string name)
    {
        var resource = ResourceKinds.ByKind(kind) ?? throw new ArgumentException($"unknown kind {kind}", nameof(kind));
        var result = await GrainFactory.For(resource, ns, name).Get();
        return result.IsSuccess ? KubeJson.ParseObject(result.Body) : null;
    }

    async Task<string> INodeAgentGrain.ExecStart(string podKey, ExecRequest request)
    {
        var (running, _) = await RunningContainerAsync(podKey, request.Container);
        return Keep(await runtime.StartExecAsync(running.Id, request.Command, request.Stdin, request.Tty, CancellationToken.None));
    }

    async Task<string> INodeAgentGrain.AttachStart(string podKey, AttachRequest request)
    {
        var (running, spec) = await RunningContainerAsync(podKey, request.Container);
        // As kubelet: the terminal is the container's (it cannot change once started), and stdin exists only when the
        // spec opened it. A stdinOnce container is what `kubectl run -i` makes and attaches to after it started, so
        // what it printed before is replayed (the Engine's logs=1) instead of being lost.
        var console = new ContainerConsole(spec?["stdin"]?.GetValue<bool>() == true, spec?["stdinOnce"]?.GetValue<bool>() == true, spec?["tty"]?.GetValue<bool>() == true);
        return Keep(await runtime.AttachAsync(running.Id, request.Stdin && console.Stdin, console.Tty, replayLogs: console.StdinOnce, CancellationToken.None));
    }

    /// <summary>The running (non-init) container of a pod bound here and its spec; the first container when none is named.</summary>
    private async Task<(ContainerInfo Running, JsonObject? Spec)> RunningContainerAsync(string podKey, string? container)
    {
        if (!pods.TryGetValue(podKey, out var pod))
            throw new InvalidOperationException($"pod {podKey} does not run on node {NodeName}");
        var name = container ?? pod["spec"]?["containers"]?[0]?.GetString("name");
        var running = (await runtime.ListAsync(new Dictionary<string, string>
            {
                [ContainerLabels.PodUid] = pod.Uid()!,
                [ContainerLabels.Container] = name ?? "",
                [ContainerLabels.Init] = "false",
            }, CancellationToken.None))
            .FirstOrDefault(c => c.State == "running")
            ?? throw new InvalidOperationException($"container {name} is not running");
        var spec = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.GetString("name") == name);
        return (running, spec);
    }

    private string Keep(IExecSession session)
    {
        var id = Guid.NewGuid().ToString("N");
        execs[id] = session;
        return id;
    }

    Task INodeAgentGrain.ExecInput(string session, byte[] data) =>
        execs.TryGetValue(session, out var exec) ? exec.WriteStdinAsync(data, CancellationToken.None) : Task.CompletedTask;

    Task INodeAgentGrain.ExecCloseInput(string session) =>
        execs.TryGetValue(session, out var exec) ? exec.CloseStdinAsync(CancellationToken.None) : Task.CompletedTask;

    Task INodeAgentGrain.ExecResize(string session, int width, int height) =>
        execs.TryGetValue(session, out var exec) ? exec.ResizeAsync(width, height, CancellationToken.None) : Task.CompletedTask;

    async IAsyncEnumerable<ExecOutput> INodeAgentGrain.ExecRead(string session, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!execs.TryGetValue(session, out var exec))
            yield break;
        try
        {
            while (await exec.ReadOutputAsync(cancellationToken) is { } chunk)
                yield return new ExecOutput(chunk.Stream, chunk.Data);
            yield return new ExecOutput(3, [], await exec.GetExitCodeAsync(cancellationToken));
        }
        finally
        {
            execs.Remove(session);
            await exec.DisposeAsync();
        }
    }

    async IAsyncEnumerable<byte[]> INodeAgentGrain.Logs(string podKey, LogRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var result = await GrainFactory.GetGrain<IPodGrain>(podKey).Get();
        if (!result.IsSuccess)
            yield break;
        var pod = KubeJson.ParseObject(result.Body);
        var containerName = request.Container ?? pod["spec"]?["containers"]?[0]?.GetString("name");
        var candidates = (await runtime.ListAsync(new Dictionary<string, string>
            {
                [ContainerLabels.PodUid] = pod.Uid()!,
                [ContainerLabels.Container] = containerName ?? "",
            }, cancellationToken))
            .OrderByDescending(c => int.TryParse(c.Labels.GetValueOrDefault(ContainerLabels.Attempt), out var n) ? n : 0)
            .ToList();
        var container = request.Previous ? candidates.Skip(1).FirstOrDefault() : candidates.FirstOrDefault();
        if (container is null)
            yield break;

        var pipe = new Pipe();
        var since = request.SinceSeconds is { } s ? DateTimeOffset.UtcNow - TimeSpan.FromSeconds(s) : (DateTimeOffset?)null;
        var producer = Task.Run(async () =>
        {
            try
            {
                await runtime.StreamLogsAsync(container.Id, pipe.Writer.AsStream(), request.Follow, request.TailLines, since, request.Timestamps, cancellationToken);
                await pipe.Writer.CompleteAsync();
            }
            catch (Exception ex)
            {
                await pipe.Writer.CompleteAsync(ex is OperationCanceledException ? null : ex);
            }
        }, cancellationToken);

        while (true)
        {
            var read = await pipe.Reader.ReadAsync(cancellationToken);
            foreach (var segment in read.Buffer)
                yield return segment.ToArray();
            pipe.Reader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
                break;
        }
        await producer;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of node {Node} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, string node);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Synced pod {Pod} on node {Node}")]
    private static partial void LogPodSynced(ILogger logger, string pod, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of pod {Pod} failed")]
    private static partial void LogPodSyncFailed(ILogger logger, Exception exception, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of node {Node} failed")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception, string node);
}
