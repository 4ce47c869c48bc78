using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Autoscaling;

/// <summary>
/// autoscaling/v1 to and from autoscaling/v2 (the stored version), as kube's autoscaling/v1 conversion does it: v1 has
/// one CPU utilization target, so every other metric, the behavior, the current metrics and the conditions travel in
/// <c>autoscaling.alpha.kubernetes.io/*</c> annotations and a v1 client's read-modify-write loses nothing.
/// </summary>
public static class HorizontalPodAutoscalerV1Conversion
{
    private const string MetricSpecs = "autoscaling.alpha.kubernetes.io/metrics";
    private const string MetricStatuses = "autoscaling.alpha.kubernetes.io/current-metrics";
    private const string Conditions = "autoscaling.alpha.kubernetes.io/conditions";
    private const string Behavior = "autoscaling.alpha.kubernetes.io/behavior";

    /// <summary>(v1 field, v2 path) per metric source type, for specs and for statuses.</summary>
    private static readonly Dictionary<string, (string V1, string V2)[]> SpecFields = new()
    {
        ["resource"] = [("name", "name"), ("targetAverageUtilization", "target.averageUtilization"), ("targetAverageValue", "target.averageValue")],
        ["containerResource"] = [("name", "name"), ("container", "container"), ("targetAverageUtilization", "target.averageUtilization"), ("targetAverageValue", "target.averageValue")],
        ["pods"] = [("metricName", "metric.name"), ("selector", "metric.selector"), ("targetAverageValue", "target.averageValue")],
        ["object"] = [("target", "describedObject"), ("metricName", "metric.name"), ("selector", "metric.selector"), ("targetValue", "target.value"), ("averageValue", "target.averageValue")],
        ["external"] = [("metricName", "metric.name"), ("metricSelector", "metric.selector"), ("targetValue", "target.value"), ("targetAverageValue", "target.averageValue")],
    };

    private static readonly Dictionary<string, (string V1, string V2)[]> StatusFields = new()
    {
        ["resource"] = [("name", "name"), ("currentAverageUtilization", "current.averageUtilization"), ("currentAverageValue", "current.averageValue")],
        ["containerResource"] = [("name", "name"), ("container", "container"), ("currentAverageUtilization", "current.averageUtilization"), ("currentAverageValue", "current.averageValue")],
        ["pods"] = [("metricName", "metric.name"), ("selector", "metric.selector"), ("currentAverageValue", "current.averageValue")],
        ["object"] = [("target", "describedObject"), ("metricName", "metric.name"), ("selector", "metric.selector"), ("currentValue", "current.value"), ("averageValue", "current.averageValue")],
        ["external"] = [("metricName", "metric.name"), ("metricSelector", "metric.selector"), ("currentValue", "current.value"), ("currentAverageValue", "current.averageValue")],
    };

    /// <summary>An autoscaling/v1 object as autoscaling/v2.</summary>
    public static JsonObject ToV2(JsonObject v1)
    {
        var v2 = (JsonObject)v1.DeepClone();
        v2["apiVersion"] = "autoscaling/v2";
        var annotations = v2["metadata"]?["annotations"] as JsonObject;
        if (v2["spec"] is JsonObject spec)
        {
            var metrics = new JsonArray();
            foreach (var metric in TakeAnnotationList(annotations, MetricSpecs))
                metrics.Add(Metric(metric, SpecFields, toV2: true));
            if (spec["targetCPUUtilizationPercentage"]?.DeepClone() is { } cpu)
                metrics.Add(CpuMetric("target", new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = cpu }));
            spec.Remove("targetCPUUtilizationPercentage");
            if (metrics.Count > 0)
                spec["metrics"] = metrics;
            if (TakeAnnotation(annotations, Behavior) is JsonObject behavior)
                spec["behavior"] = RenameKeys(behavior, char.ToLowerInvariant);
        }
        var status = v2["status"] as JsonObject;
        var currentMetrics = new JsonArray(TakeAnnotationList(annotations, MetricStatuses).Select(m => (JsonNode)Metric(m, StatusFields, toV2: true)).ToArray());
        var conditions = TakeAnnotation(annotations, Conditions);
        if (status is not null)
        {
            // The annotation has every current metric; the bare percentage is only the CPU one.
            if (currentMetrics.Count == 0 && status["currentCPUUtilizationPercentage"]?.DeepClone() is { } current)
                currentMetrics.Add(CpuMetric("current", new JsonObject { ["averageUtilization"] = current }));
            status.Remove("currentCPUUtilizationPercentage");
            if (currentMetrics.Count > 0)
                status["currentMetrics"] = currentMetrics;
            if (conditions is JsonArray)
                status["conditions"] = conditions;
        }
        if (annotations is { Count: 0 })
            ((JsonObject)v2["metadata"]!).Remove("annotations");
        return v2;
    }

    /// <summary>An autoscaling/v2 object as autoscaling/v1.</summary>
    public static JsonObject ToV1(JsonObject v2)
    {
        var v1 = (JsonObject)v2.DeepClone();
        v1["apiVersion"] = "autoscaling/v1";
        var annotations = new JsonObject();
        if (v1["spec"] is JsonObject spec)
        {
            var others = new JsonArray();
            foreach (var metric in (spec["metrics"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (CpuUtilization(metric, "target") is { } cpu && spec["targetCPUUtilizationPercentage"] is null)
                    spec["targetCPUUtilizationPercentage"] = cpu;
                else
                    others.Add(Metric(metric, SpecFields, toV2: false));
            }
            spec.Remove("metrics");
            if (others.Count > 0)
                annotations[MetricSpecs] = KubeJson.Write(others);
            if (spec["behavior"] is JsonObject behavior)
                // kube writes this annotation from its internal Go type, so the keys are Go field names.
                annotations[Behavior] = KubeJson.Write(RenameKeys(behavior, char.ToUpperInvariant));
            spec.Remove("behavior");
        }
        if (v1["status"] is JsonObject status)
        {
            var current = (status["currentMetrics"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (current.Select(m => CpuUtilization(m, "current")).FirstOrDefault(u => u is not null) is { } cpu)
                status["currentCPUUtilizationPercentage"] = cpu;
            if (current.Count > 0)
                annotations[MetricStatuses] = KubeJson.Write(new JsonArray(current.Select(m => (JsonNode)Metric(m, StatusFields, toV2: false)).ToArray()));
            if (status["conditions"] is JsonArray { Count: > 0 } conditions)
                annotations[Conditions] = KubeJson.Write(conditions);
            status.Remove("currentMetrics");
            status.Remove("conditions");
        }
        if (annotations.Count > 0)
        {
            var metadata = v1["metadata"] as JsonObject ?? [];
            v1["metadata"] = metadata;
            var existing = metadata["annotations"] as JsonObject ?? [];
            foreach (var (key, value) in annotations)
                existing[key] = value!.DeepClone();
            metadata["annotations"] = existing;
        }
        return v1;
    }

    private static JsonObject CpuMetric(string field, JsonObject value) => new()
    {
        ["type"] = "Resource",
        ["resource"] = new JsonObject { ["name"] = "cpu", [field] = value },
    };

    /// <summary>The averageUtilization of a CPU Resource metric's target or current value (v2), else null.</summary>
    private static JsonNode? CpuUtilization(JsonObject metric, string field) =>
        metric.GetString("type") == "Resource" && metric["resource"].GetString("name") == "cpu"
            ? metric["resource"]?[field]?["averageUtilization"]?.DeepClone()
            : null;

    /// <summary>One metric spec or status moved between the v1 (flat) and v2 (metric/target/current) shapes.</summary>
    private static JsonObject Metric(JsonObject metric, Dictionary<string, (string V1, string V2)[]> fields, bool toV2)
    {
        var type = metric.GetString("type") ?? "";
        var sourceKey = type.Length == 0 ? "" : char.ToLowerInvariant(type[0]) + type[1..];
        var converted = new JsonObject { ["type"] = type };
        if (metric[sourceKey] is not JsonObject source || !fields.TryGetValue(sourceKey, out var pairs))
            return converted;
        var target = new JsonObject();
        foreach (var (v1Field, v2Path) in pairs)
        {
            var (from, to) = toV2 ? (v1Field, v2Path) : (v2Path, v1Field);
            if (Read(source, from) is { } value)
                Write(target, to, value.DeepClone());
        }
        if (toV2 && target["target"] is JsonObject goal)
            goal["type"] = goal.ContainsKey("averageUtilization") ? "Utilization" : goal.ContainsKey("value") ? "Value" : "AverageValue";
        converted[sourceKey] = target;
        return converted;
    }

    private static JsonNode? Read(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
            node = (node as JsonObject)?[part];
        return node;
    }

    private static void Write(JsonObject obj, string path, JsonNode value)
    {
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            if (obj[part] is not JsonObject child)
                obj[part] = child = [];
            obj = child;
        }
        obj[parts[^1]] = value;
    }

    private static JsonNode? TakeAnnotation(JsonObject? annotations, string key)
    {
        if (annotations?[key]?.GetValue<string>() is not { } text)
            return null;
        annotations.Remove(key);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // kube ignores an annotation it cannot parse rather than failing the read.
            return null;
        }
    }

    private static IEnumerable<JsonObject> TakeAnnotationList(JsonObject? annotations, string key) =>
        (TakeAnnotation(annotations, key) as JsonArray ?? []).OfType<JsonObject>();

    /// <summary>A copy whose keys, at every depth, have their first letter changed (Go field names and JSON names).</summary>
    private static JsonNode RenameKeys(JsonNode node, Func<char, char> first) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(
            p.Key.Length == 0 ? p.Key : first(p.Key[0]) + p.Key[1..], p.Value is null ? null : RenameKeys(p.Value, first)))),
        JsonArray list => new JsonArray(list.Select(item => item is null ? null : RenameKeys(item, first)).ToArray()),
        _ => node.DeepClone(),
    };
}
