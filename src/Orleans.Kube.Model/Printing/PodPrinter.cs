using System.Globalization;
using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>printPod from kube-apiserver 1.32: readiness, the aggregated status reason and restarts with "(x ago)".</summary>
internal static class PodPrinter
{
    // Reason the node lifecycle controller sets on pods of an unreachable node (k8s.io/kubernetes/pkg/util/node).
    private const string NodeUnreachablePodReason = "NodeLost";

    private static readonly TableColumn[] ColumnSet =
    [
        Columns.Name,
        Columns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        Columns.Text("Status", "The aggregate status of the containers in this pod."),
        // 1.32 prints "3 (5m ago)", so the column is a string even though it used to be an integer.
        Columns.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        Columns.Age,
        Columns.Text("IP", "IP address allocated to the pod.", 1),
        Columns.Text("Node", "NodeName is the name of the node the pod is scheduled onto.", 1),
        Columns.Text("Nominated Node", "The node the scheduler nominated for this pod after preemption.", 1),
        Columns.Text("Readiness Gates", "Pod readiness gates that evaluate to true, out of all gates.", 1),
    ];

    public static ResourcePrinter Printer { get; } = new(ColumnSet, Cells);

    private static object?[] Cells(JsonObject pod, DateTime now)
    {
        var spec = Obj(pod, "spec");
        var status = Obj(pod, "status");
        var conditions = Objects(status, "conditions").ToList();

        var restarts = 0L;
        var restartableInitRestarts = 0L;
        var totalContainers = Count(spec, "containers");
        var readyContainers = 0;
        DateTime? lastRestart = null;
        DateTime? lastRestartableInitRestart = null;

        var phase = Text(status, "phase");
        var reason = phase;
        if (Text(status, "reason") is { Length: > 0 } statusReason) reason = statusReason;

        if (conditions.Any(c => Text(c, "type") == "PodScheduled" && Text(c, "reason") == "SchedulingGated"))
            reason = "SchedulingGated";

        // Sidecars (init containers with restartPolicy Always) count as regular containers.
        var initSpecs = new Dictionary<string, JsonObject>();
        foreach (var init in Objects(spec, "initContainers"))
        {
            initSpecs[Text(init, "name")] = init;
            if (IsRestartable(init)) totalContainers++;
        }
        var initCount = Count(spec, "initContainers");

        var initializing = false;
        var index = 0;
        foreach (var container in Objects(status, "initContainerStatuses"))
        {
            var i = index++;
            var restartable = IsRestartable(initSpecs.GetValueOrDefault(Text(container, "name")));
            var count = Int(container, "restartCount") ?? 0;
            var finished = Time(container, "lastState", "terminated", "finishedAt");
            restarts += count;
            lastRestart = Later(lastRestart, finished);
            if (restartable)
            {
                restartableInitRestarts += count;
                lastRestartableInitRestart = Later(lastRestartableInitRestart, finished);
            }

            var terminated = Obj(container, "state", "terminated");
            var waiting = Obj(container, "state", "waiting");
            if (terminated is not null && (Int(terminated, "exitCode") ?? 0) == 0) continue;
            if (restartable && Bool(container, "started") == true)
            {
                if (Bool(container, "ready") == true) readyContainers++;
                continue;
            }

            if (terminated is not null)
            {
                // Initialization failed.
                reason = Text(terminated, "reason") is { Length: > 0 } r ? "Init:" + r
                    : (Int(terminated, "signal") ?? 0) != 0 ? F($"Init:Signal:{Int(terminated, "signal")}")
                    : F($"Init:ExitCode:{Int(terminated, "exitCode") ?? 0}");
            }
            else if (Text(waiting, "reason") is { Length: > 0 } w && w != "PodInitializing")
            {
                reason = "Init:" + w;
            }
            else
            {
                reason = F($"Init:{i}/{initCount}");
            }
            initializing = true;
            break;
        }

        if (!initializing || IsInitialized(conditions))
        {
            restarts = restartableInitRestarts;
            lastRestart = lastRestartableInitRestart;
            var hasRunning = false;
            // Walk backwards so the first container's state wins, as kubectl users expect.
            var statuses = Objects(status, "containerStatuses").ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += Int(container, "restartCount") ?? 0;
                lastRestart = Later(lastRestart, Time(container, "lastState", "terminated", "finishedAt"));

                var waiting = Obj(container, "state", "waiting");
                var terminated = Obj(container, "state", "terminated");
                if (Text(waiting, "reason") is { Length: > 0 } w)
                {
                    reason = w;
                }
                else if (terminated is not null)
                {
                    reason = Text(terminated, "reason") is { Length: > 0 } r ? r
                        : (Int(terminated, "signal") ?? 0) != 0 ? F($"Signal:{Int(terminated, "signal")}")
                        : F($"ExitCode:{Int(terminated, "exitCode") ?? 0}");
                }
                else if (Bool(container, "ready") == true && Obj(container, "state", "running") is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            // A finished container next to a running one does not make the pod "Completed".
            if (reason == "Completed" && hasRunning)
                reason = conditions.Any(c => Text(c, "type") == "Ready" && Text(c, "status") == "True") ? "Running" : "NotReady";
        }

        var deleting = Str(pod, "metadata", "deletionTimestamp") is not null;
        if (deleting && Text(status, "reason") == NodeUnreachablePodReason)
            reason = "Unknown";
        else if (deleting && phase is not ("Succeeded" or "Failed"))
            reason = "Terminating";

        var restartsText = restarts != 0 && lastRestart is { } last
            ? F($"{restarts} ({HumanDurations.Since(last, now)} ago)")
            : restarts.ToString(CultureInfo.InvariantCulture);

        // The internal type only has podIPs; conversion from v1 seeds it from podIP.
        var podIp = Objects(status, "podIPs").Select(p => Text(p, "ip")).FirstOrDefault() ?? Text(status, "podIP");

        return
        [
            Text(pod, "metadata", "name"),
            F($"{readyContainers}/{totalContainers}"),
            reason,
            restartsText,
            HumanDurations.Since(Time(pod, "metadata", "creationTimestamp"), now),
            OrNone(podIp),
            OrNone(Text(spec, "nodeName")),
            OrNone(Text(status, "nominatedNodeName")),
            ReadinessGates(spec, conditions),
        ];
    }

    private static string ReadinessGates(JsonObject? spec, List<JsonObject> conditions)
    {
        var gates = Objects(spec, "readinessGates").ToList();
        if (gates.Count == 0) return "<none>";
        // Only the first condition of each gate's type counts.
        var trueConditions = gates.Count(g =>
            conditions.FirstOrDefault(c => Text(c, "type") == Text(g, "conditionType")) is { } c && Text(c, "status") == "True");
        return F($"{trueConditions}/{gates.Count}");
    }

    private static bool IsRestartable(JsonObject? initContainer) => Text(initContainer, "restartPolicy") == "Always";

    // isPodInitializedConditionTrue looks at the first Initialized condition only.
    private static bool IsInitialized(List<JsonObject> conditions) =>
        conditions.FirstOrDefault(c => Text(c, "type") == "Initialized") is { } c && Text(c, "status") == "True";

    private static DateTime? Later(DateTime? current, DateTime? candidate) =>
        candidate is { } c && (current is null || current < c) ? c : current;

    private static string OrNone(string value) => value.Length == 0 ? "<none>" : value;

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
