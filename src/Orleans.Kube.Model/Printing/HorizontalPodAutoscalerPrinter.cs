using System.Globalization;
using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>printHorizontalPodAutoscaler from kube-apiserver 1.32, reading autoscaling/v2 JSON.</summary>
internal static class HorizontalPodAutoscalerPrinter
{
    private const int MaxListed = 2;

    private static readonly TableColumn[] ColumnSet =
    [
        Columns.Name,
        Columns.Text("Reference", "reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource."),
        Columns.Text("Targets", "metrics contains the specifications for which to use to calculate the desired replica count."),
        Columns.Text("MinPods", "minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down."),
        // MaxPods and Replicas are declared "string" upstream although the cells are integers.
        Columns.Text("MaxPods", "maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up."),
        Columns.Text("Replicas", "currentReplicas is current number of replicas of pods managed by this autoscaler."),
        Columns.Age,
    ];

    public static ResourcePrinter Printer { get; } = new(ColumnSet, Cells);

    private static object?[] Cells(JsonObject hpa, DateTime now)
    {
        var spec = Obj(hpa, "spec");
        var target = Obj(spec, "scaleTargetRef");
        return
        [
            Text(hpa, "metadata", "name"),
            $"{Text(target, "kind")}/{Text(target, "name")}",
            FormatMetrics(Objects(spec, "metrics").ToList(), Objects(hpa, "status", "currentMetrics").ToList()),
            // autoscaling/v2 defaults an omitted minReplicas to 1.
            (Int(spec, "minReplicas") ?? 1).ToString(CultureInfo.InvariantCulture),
            Int(spec, "maxReplicas") ?? 0,
            Int(hpa, "status", "currentReplicas") ?? 0,
            HumanDurations.Since(Time(hpa, "metadata", "creationTimestamp"), now),
        ];
    }

    // formatHPAMetrics: "current/target" per metric, statuses matched by index, two shown then "+ N more...".
    private static string FormatMetrics(List<JsonObject> specs, List<JsonObject> statuses)
    {
        if (specs.Count == 0) return "<none>";

        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var status = i < statuses.Count ? statuses[i] : null;
            list.Add(Text(spec, "type") switch
            {
                "External" => ValueMetric(Obj(spec, "external"), Obj(status, "external")),
                "Object" => ValueMetric(Obj(spec, "object"), Obj(status, "object")),
                "Pods" => $"{Current(Obj(status, "pods"), "averageValue")}/{Quantity(spec, "pods", "target", "averageValue")}",
                "Resource" => ResourceMetric(Obj(spec, "resource"), Obj(status, "resource")),
                "ContainerResource" => ResourceMetric(Obj(spec, "containerResource"), Obj(status, "containerResource")),
                _ => "<unknown type>",
            });
        }

        if (list.Count <= MaxListed) return string.Join(", ", list);
        return string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(", ", list.Take(MaxListed))} + {list.Count - MaxListed} more...");
    }

    // External and Object metrics: "(avg)" when the target is an average value.
    private static string ValueMetric(JsonObject? spec, JsonObject? status)
    {
        if (At(spec, "target", "averageValue") is not null)
        {
            var current = At(status, "current", "averageValue") is null ? "<unknown>" : Quantity(status, "current", "averageValue");
            return $"{current}/{Quantity(spec, "target", "averageValue")} (avg)";
        }
        return $"{Current(status, "value")}/{Quantity(spec, "target", "value")}";
    }

    private static string ResourceMetric(JsonObject? spec, JsonObject? status)
    {
        var name = Text(spec, "name");
        if (At(spec, "target", "averageValue") is not null)
            return $"{name}: {Current(status, "averageValue")}/{Quantity(spec, "target", "averageValue")}";

        var current = Int(status, "current", "averageUtilization") is { } used
            ? string.Create(CultureInfo.InvariantCulture, $"{used}%")
            : "<unknown>";
        var wanted = Int(spec, "target", "averageUtilization") is { } goal
            ? string.Create(CultureInfo.InvariantCulture, $"{goal}%")
            : "<auto>";
        return $"{name}: {current}/{wanted}";
    }

    // The metric status exists but its quantity may not: Go prints a nil *Quantity as "<nil>".
    private static string Current(JsonObject? status, string field) =>
        status is null ? "<unknown>" : Quantity(status, "current", field);

    private static string Quantity(JsonNode? node, params string[] path) =>
        At(node, path) switch
        {
            null => "<nil>",
            JsonValue v when Str(v) is { } s => s,
            JsonValue v => v.ToJsonString(),
            _ => "<nil>",
        };
}
