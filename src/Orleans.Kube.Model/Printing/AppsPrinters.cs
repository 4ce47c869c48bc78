using System.Globalization;
using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>Deployments, ReplicaSets, DaemonSets and StatefulSets as printed by kube-apiserver 1.32.</summary>
internal static class AppsPrinters
{
    private static readonly TableColumn[] DeploymentColumns =
    [
        Columns.Name,
        Columns.Text("Ready", "Number of the pod with ready state"),
        // Declared "string" upstream although the cells are integers.
        Columns.Text("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        Columns.Text("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        Columns.Age,
        Columns.Containers,
        Columns.Images,
        Columns.Text("Selector", "Label selector for pods.", 1),
    ];

    private static readonly TableColumn[] ReplicaSetColumns =
    [
        Columns.Name,
        Columns.Integer("Desired", "Replicas is the number of desired replicas."),
        Columns.Integer("Current", "Replicas is the most recently observed number of replicas."),
        Columns.Integer("Ready", "The number of ready replicas for this replica set."),
        Columns.Age,
        Columns.Containers,
        Columns.Images,
        Columns.Text("Selector", "Selector is a label query over pods that should match the replica count.", 1),
    ];

    private static readonly TableColumn[] DaemonSetColumns =
    [
        Columns.Name,
        Columns.Integer("Desired", "The total number of nodes that should be running the daemon pod."),
        Columns.Integer("Current", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod."),
        Columns.Integer("Ready", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
        Columns.Integer("Up-to-date", "The total number of nodes that are running updated daemon pod."),
        Columns.Integer("Available", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
        Columns.Text("Node Selector", "NodeSelector is a selector which must be true for the pod to fit on a node."),
        Columns.Age,
        Columns.Containers,
        Columns.Images,
        Columns.Text("Selector", "A label query over pods that are managed by the daemon set.", 1),
    ];

    private static readonly TableColumn[] StatefulSetColumns =
    [
        Columns.Name,
        Columns.Text("Ready", "Number of the pod with ready state"),
        Columns.Age,
        Columns.Containers,
        Columns.Images,
    ];

    public static ResourcePrinter Deployments { get; } = new(DeploymentColumns, (obj, now) =>
    {
        var (names, images) = ContainerCells.Layout(Obj(obj, "spec", "template", "spec"));
        return
        [
            Text(obj, "metadata", "name"),
            F($"{Int(obj, "status", "readyReplicas") ?? 0}/{DesiredReplicas(obj)}"),
            Int(obj, "status", "updatedReplicas") ?? 0,
            Int(obj, "status", "availableReplicas") ?? 0,
            Age(obj, now),
            names,
            images,
            // Unlike the other workloads, an empty selector prints as "" here rather than "<none>".
            LabelFormatting.SelectorString(At(obj, "spec", "selector")) ?? "<invalid>",
        ];
    });

    public static ResourcePrinter ReplicaSets { get; } = new(ReplicaSetColumns, (obj, now) =>
    {
        var (names, images) = ContainerCells.Layout(Obj(obj, "spec", "template", "spec"));
        return
        [
            Text(obj, "metadata", "name"),
            DesiredReplicas(obj),
            Int(obj, "status", "replicas") ?? 0,
            Int(obj, "status", "readyReplicas") ?? 0,
            Age(obj, now),
            names,
            images,
            LabelFormatting.FormatLabelSelector(At(obj, "spec", "selector")),
        ];
    });

    public static ResourcePrinter DaemonSets { get; } = new(DaemonSetColumns, (obj, now) =>
    {
        var podSpec = Obj(obj, "spec", "template", "spec");
        var (names, images) = ContainerCells.Layout(podSpec);
        return
        [
            Text(obj, "metadata", "name"),
            Int(obj, "status", "desiredNumberScheduled") ?? 0,
            Int(obj, "status", "currentNumberScheduled") ?? 0,
            Int(obj, "status", "numberReady") ?? 0,
            Int(obj, "status", "updatedNumberScheduled") ?? 0,
            Int(obj, "status", "numberAvailable") ?? 0,
            LabelFormatting.FormatLabels(At(podSpec, "nodeSelector")),
            Age(obj, now),
            names,
            images,
            LabelFormatting.FormatLabelSelector(At(obj, "spec", "selector")),
        ];
    });

    public static ResourcePrinter StatefulSets { get; } = new(StatefulSetColumns, (obj, now) =>
    {
        var (names, images) = ContainerCells.Layout(Obj(obj, "spec", "template", "spec"));
        return
        [
            Text(obj, "metadata", "name"),
            F($"{Int(obj, "status", "readyReplicas") ?? 0}/{DesiredReplicas(obj)}"),
            Age(obj, now),
            names,
            images,
        ];
    });

    // The apiserver prints defaulted objects; apps/v1 defaults an omitted spec.replicas to 1.
    private static long DesiredReplicas(JsonObject obj) => Int(obj, "spec", "replicas") ?? 1;

    private static string Age(JsonObject obj, DateTime now) =>
        HumanDurations.Since(Time(obj, "metadata", "creationTimestamp"), now);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
