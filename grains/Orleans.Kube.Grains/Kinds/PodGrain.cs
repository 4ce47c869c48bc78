using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Selectors;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// A pod: queued for scheduling when created, bound once, run by its node's agent, which reports
/// its status back here. Deleting a running pod waits (up to its grace period plus a margin) for
/// the agent to stop its containers. Binding gives the pod its own loopback IP, on which the agent
/// publishes its container ports; the IP is released when the pod is gone.
/// </summary>
public sealed class PodGrain(IResourceStore store, IAllocationStore allocations, NetworkPools pools, IServiceAccountTokenIssuer tokens, ILogger<PodGrain> logger)
    : ResourceGrain(ResourceKinds.Pod, store, logger), IPodGrain
{
    private static readonly TimeSpan TerminationMargin = TimeSpan.FromSeconds(30);
    private bool terminated;
    // False once a write found the pod's node missing: no agent will confirm its containers stopped.
    private bool nodeKnown = true;
    // The node whose Node object a write found; null until one did, or after its agent failed to answer.
    private string? nodeFound;
    private string? servedView;

    protected override void OnCreating(JsonObject obj)
    {
        ServiceAccountAdmission.Default(obj);
        obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(obj) };
    }

    /// <summary>
    /// A pod created with spec.nodeName skips the scheduler, so it gets its IP here as a bound pod
    /// gets it in <see cref="IPodGrain.Bind"/> (on a real node the CNI plugin gives it one).
    /// </summary>
    protected override async Task<ApiResult?> AdmitAsync(JsonObject obj, JsonObject? old, bool dryRun)
    {
        if (old is null && await ServiceAccountAdmission.AdmitAsync(GrainFactory, obj, tokens.CaPem) is { } refused)
            return refused;
        if (old is not null || dryRun || NodeName(obj) is null)
            return null;
        var ip = await allocations.AllocateAsync(pools.PodIps, Kind.GroupResource, obj.Uid()!);
        if (ip is null)
            return NoPodIp();
        SetPodIp(obj, ip.Value);
        return null;
    }

    protected override async Task OnWrittenAsync(JsonObject obj)
    {
        var node = NodeName(obj);
        if (node is null && obj.DeletionTimestamp() is null && !IsTerminal(obj))
            await GrainFactory.GetGrain<ISchedulerGrain>(0).Enqueue(this.GetPrimaryKeyString());
        if (node is not null)
            await NotifyAgentAsync(node, obj);
        await NotifyServicesAsync(obj);
    }

    protected override async Task OnRemovedAsync(JsonObject last)
    {
        if (NodeName(last) is { } node)
            await NotifyAgentAsync(node, null);
        await NotifyServicesAsync(last);
        await allocations.ReleaseAllAsync(last.Uid()!);
    }

    /// <summary>The field manager of binding and scheduling conditions, as kube-scheduler's writes are recorded.</summary>
    private const string Scheduler = "kube-scheduler";

    async Task<ApiResult> IPodGrain.Bind(string nodeName)
    {
        if (Current is null)
            return NotFound();
        if (NodeName(Current) is { } existing)
            return new ApiResult(409, StatusErrors.Conflict(Kind, ObjectName, $"pod {ObjectName} is already assigned to node \"{existing}\""));
        if (Current.DeletionTimestamp() is not null)
            return new ApiResult(409, StatusErrors.Conflict(Kind, ObjectName, "the pod is being deleted"));
        var uid = Current.Uid()!;
        // A retried bind finds the IP it took the first time.
        var ip = await allocations.AcquireAsync(pools.PodIps, Kind.GroupResource, uid);
        if (ip is null)
            return NoPodIp();
        var next = (JsonObject)Current.DeepClone();
        next["spec"]!["nodeName"] = nodeName;
        SetPodIp(next, ip.Value);
        SetCondition(next, "PodScheduled", "True", null, null);
        await WriteAsync(next, Scheduler);
        await EventRecorder.RecordAsync(GrainFactory, Current!, "Normal", "Scheduled",
            $"Successfully assigned {ObjectNamespace}/{ObjectName} to {nodeName}", "default-scheduler");
        return Ok(Current!);
    }

    private ApiResult NoPodIp() =>
        new(503, StatusErrors.ServiceUnavailable($"no free pod IP in {pools.PodIps.Format(pools.PodIps.First)}-{pools.PodIps.Format(pools.PodIps.Last)}"));

    private void SetPodIp(JsonObject pod, long ip)
    {
        var status = pod["status"] as JsonObject ?? new JsonObject();
        status["podIP"] = pools.PodIps.Format(ip);
        status["podIPs"] = new JsonArray(new JsonObject { ["ip"] = pools.PodIps.Format(ip) });
        pod["status"] = status;
    }

    async Task IPodGrain.MarkUnschedulable(string message)
    {
        if (Current is null || NodeName(Current) is not null)
            return;
        var next = (JsonObject)Current.DeepClone();
        SetCondition(next, "PodScheduled", "False", "Unschedulable", message);
        if (JsonNode.DeepEquals(next, Current))
            return;
        await WriteAsync(next, Scheduler);
        await EventRecorder.RecordAsync(GrainFactory, Current, "Warning", "FailedScheduling", message, "default-scheduler");
    }

    async Task IPodGrain.ReportStatus(string status)
    {
        if (Current is null)
            return;
        var next = (JsonObject)Current.DeepClone();
        var reported = KubeJson.ParseObject(status);
        // A pod failed by node loss stays failed whatever a late report says.
        if (Current["status"]?.GetString("reason") == "NodeLost")
            return;
        reported["qosClass"] = Current["status"]?["qosClass"]?.DeepClone();
        // The pod IP is the binding's, not the agent's to change.
        reported["podIP"] = Current["status"]?["podIP"]?.DeepClone();
        reported["podIPs"] = Current["status"]?["podIPs"]?.DeepClone();
        if (Current["status"]?["conditions"] is JsonArray conditions &&
            conditions.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == "PodScheduled") is { } scheduled &&
            reported["conditions"] is JsonArray reportedConditions && !reportedConditions.OfType<JsonObject>().Any(c => c.GetString("type") == "PodScheduled"))
            reportedConditions.Add(scheduled.DeepClone());
        next["status"] = reported;
        if (JsonNode.DeepEquals(next, Current))
            return;
        await WriteAsync(next, NodeGrain.Kubelet);
    }

    async Task IPodGrain.MarkNodeLost(string nodeName)
    {
        if (Current is null || NodeName(Current) != nodeName || IsTerminal(Current))
            return;
        var next = (JsonObject)Current.DeepClone();
        var status = next["status"] as JsonObject ?? new JsonObject();
        status["phase"] = "Failed";
        status["reason"] = "NodeLost";
        status["message"] = $"Node {nodeName} which was running pod {ObjectName} is unresponsive";
        next["status"] = status;
        SetCondition(next, "Ready", "False", "NodeLost", null);
        await WriteAsync(next);
        await EventRecorder.RecordAsync(GrainFactory, Current!, "Warning", "NodeLost", (string)status["message"]!, "node-controller");
        // Nobody will confirm the containers stopped: a pending deletion completes now.
        if (Current!.DeletionTimestamp() is not null)
            await ContinueDeletionAsync();
    }

    async Task IPodGrain.ConfirmTerminated()
    {
        terminated = true;
        if (Current?.DeletionTimestamp() is not null)
            await ContinueDeletionAsync();
    }

    protected override bool NeedsCleanupBeforeRemoval(JsonObject obj, long? gracePeriodSeconds) =>
        NodeName(obj) is not null && nodeKnown && !IsTerminal(obj) && gracePeriodSeconds is not 0;

    protected override long DefaultGracePeriodSeconds(JsonObject obj) =>
        obj["spec"]?["terminationGracePeriodSeconds"]?.GetValue<long>() ?? 30;

    protected override void OnDeletionMarked(JsonObject obj)
    {
        terminated = false;
    }

    protected override Task<bool> CleanupBeforeRemovalAsync(JsonObject obj)
    {
        if (terminated)
            return Task.FromResult(true);
        // An agent that never answers (its node died) must not keep the pod forever.
        var deadline = DateTimeOffset.Parse(obj.DeletionTimestamp()!) + TimeSpan.FromSeconds(GracePeriod(obj)) + TerminationMargin;
        return Task.FromResult(DateTimeOffset.UtcNow > deadline);
    }

    private static long GracePeriod(JsonObject obj) =>
        obj["metadata"]?["deletionGracePeriodSeconds"]?.GetValue<long>() ?? 30;

    private async Task NotifyAgentAsync(string node, JsonObject? pod)
    {
        // A pod pinned by hand to a node that does not exist stays Pending, as with kube, until
        // that node registers (its agent then picks up the pods bound to it from the store).
        // Once the node was found, later writes (status reports mostly) skip the store read; a
        // deletion looks again, since a missing node means no agent will confirm the stop.
        if (nodeFound != node || pod is null || pod.DeletionTimestamp() is not null)
        {
            nodeKnown = await Store.GetAsync(ResourceKinds.Node.GroupResource, "", node) is not null;
            nodeFound = nodeKnown ? node : null;
        }
        if (!nodeKnown)
            return;
        try
        {
            await GrainFactory.GetGrain<INodeAgentGrain>(node).PodChanged(this.GetPrimaryKeyString(), pod is null ? null : KubeJson.Write(pod));
        }
        catch (Exception)
        {
            // The node's silo is down: its agent resyncs from the store when it comes back. Its
            // Node may be gone too, so the next write looks at the store again.
            nodeFound = null;
        }
    }

    /// <summary>
    /// Services selecting this pod (before or after the write) recompute their endpoints when
    /// anything they publish changed: labels, IP, readiness, ports, termination.
    /// </summary>
    private async Task NotifyServicesAsync(JsonObject obj)
    {
        var view = ServedView(obj);
        if (view == servedView)
            return;
        var before = servedView is null ? null : KubeJson.ParseObject(servedView);
        servedView = view;
        var (services, _) = await Store.ListAsync(ResourceKinds.Service.GroupResource, ObjectNamespace);
        foreach (var service in services.Select(s => KubeJson.ParseObject(s.Body)))
        {
            var selector = service["spec"]?["selector"] is JsonObject { Count: > 0 } set ? LabelSelector.FromSet(ObjectMeta.StringMap(set)) : null;
            if (selector is not null && (selector.Matches(obj) || (before is not null && selector.Matches(before))))
                await GrainFactory.GetGrain<IServiceGrain>(ResourceGrains.Key(ObjectNamespace, service.Name()!)).ChildChanged();
        }
    }

    private static string ServedView(JsonObject pod) => KubeJson.Write(new JsonObject
    {
        ["metadata"] = new JsonObject { ["labels"] = pod["metadata"]?["labels"]?.DeepClone(), ["deletionTimestamp"] = pod.DeletionTimestamp() },
        ["spec"] = new JsonObject { ["containers"] = pod["spec"]?["containers"]?.DeepClone() },
        ["status"] = new JsonObject
        {
            ["phase"] = pod["status"]?["phase"]?.DeepClone(),
            ["podIP"] = pod["status"]?["podIP"]?.DeepClone(),
            ["conditions"] = new JsonArray((pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
                .Where(c => c.GetString("type") == "Ready").Select(c => (JsonNode)new JsonObject { ["status"] = c.GetString("status") }).ToArray() ?? []),
        },
    });

    public static string? NodeName(JsonObject pod) => pod["spec"].GetString("nodeName") is { Length: > 0 } n ? n : null;

    public static bool IsTerminal(JsonObject pod) => pod["status"].GetString("phase") is "Succeeded" or "Failed";

    public static void SetCondition(JsonObject pod, string type, string status, string? reason, string? message)
    {
        var podStatus = pod["status"] as JsonObject ?? new JsonObject();
        pod["status"] = podStatus;
        var conditions = podStatus["conditions"] as JsonArray ?? new JsonArray();
        podStatus["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == type);
        if (existing is not null && existing.GetString("status") == status && existing.GetString("reason") == reason && existing.GetString("message") == message)
            return;
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = existing?.GetString("status") == status ? existing["lastTransitionTime"]?.DeepClone() : ObjectMeta.Timestamp(DateTimeOffset.UtcNow),
        };
        if (reason is not null) condition["reason"] = reason;
        if (message is not null) condition["message"] = message;
        if (existing is not null)
            conditions[conditions.IndexOf(existing)] = condition;
        else
            conditions.Add(condition);
    }

    /// <summary>Guaranteed when every container's requests equal its limits, BestEffort when none set any.</summary>
    private static string QosClass(JsonObject pod)
    {
        var containers = (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var resources = containers.Select(c => c["resources"] as JsonObject).ToList();
        if (resources.All(r => r?["requests"] is null && r?["limits"] is null))
            return "BestEffort";
        var guaranteed = resources.All(r =>
            r?["limits"] is JsonObject limits && limits["cpu"] is not null && limits["memory"] is not null &&
            (r["requests"] is not JsonObject requests || requests.All(q => JsonNode.DeepEquals(q.Value, limits[q.Key]))));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
