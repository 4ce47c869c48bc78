using System.Text.Json.Nodes;
using Orleans.Kube.Model.Autoscaling;

namespace Orleans.Kube.Model.Tests.Autoscaling;

public sealed class HorizontalPodAutoscalerV1ConversionTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void The_v1_cpu_target_becomes_a_v2_utilization_metric_and_back()
    {
        var v1 = Parse("""
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":3,"targetCPUUtilizationPercentage":50}}
            """);

        var v2 = HorizontalPodAutoscalerV1Conversion.ToV2(v1);

        Assert.Equal("autoscaling/v2", v2["apiVersion"]!.GetValue<string>());
        Assert.Null(v2["spec"]!["targetCPUUtilizationPercentage"]);
        Assert.True(JsonNode.DeepEquals(Parse("""{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}"""), v2["spec"]!["metrics"]![0]));
        Assert.True(JsonNode.DeepEquals(v1, HorizontalPodAutoscalerV1Conversion.ToV1(v2)));
    }

    [Fact]
    public void Other_metrics_behavior_and_conditions_ride_in_annotations_so_a_v1_round_trip_keeps_them()
    {
        var v2 = Parse("""
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","annotations":{"team":"a"}},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,
                     "metrics":[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}},
                                {"type":"Pods","pods":{"metric":{"name":"qps"},"target":{"type":"AverageValue","averageValue":"10"}}},
                                {"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":70}}}],
                     "behavior":{"scaleDown":{"stabilizationWindowSeconds":60,"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15}]}}},
             "status":{"currentReplicas":2,"desiredReplicas":2,
                       "currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":40,"averageValue":"40m"}}}],
                       "conditions":[{"type":"AbleToScale","status":"True","reason":"ReadyForNewScale"}]}}
            """);

        var v1 = HorizontalPodAutoscalerV1Conversion.ToV1(v2);

        Assert.Equal(70, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
        Assert.Equal(40, v1["status"]!["currentCPUUtilizationPercentage"]!.GetValue<int>());
        var annotations = v1["metadata"]!["annotations"]!.AsObject();
        Assert.Equal("a", annotations["team"]!.GetValue<string>());
        Assert.Equal("""[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}},{"type":"Pods","pods":{"metricName":"qps","targetAverageValue":"10"}}]""",
            annotations["autoscaling.alpha.kubernetes.io/metrics"]!.GetValue<string>());
        // kube marshals its internal Go type here: Go field names.
        Assert.StartsWith("""{"ScaleDown":{"StabilizationWindowSeconds":60""", annotations["autoscaling.alpha.kubernetes.io/behavior"]!.GetValue<string>());
        Assert.Contains("ReadyForNewScale", annotations["autoscaling.alpha.kubernetes.io/conditions"]!.GetValue<string>());

        // The CPU target comes back last, as kube appends it after the annotation's metrics.
        Assert.True(JsonNode.DeepEquals(v2, HorizontalPodAutoscalerV1Conversion.ToV2(v1)), HorizontalPodAutoscalerV1Conversion.ToV2(v1).ToJsonString());
    }

    [Fact]
    public void An_object_metric_moves_its_described_object_and_target_value()
    {
        var v1 = Parse("""
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","annotations":{
               "autoscaling.alpha.kubernetes.io/metrics":"[{\"type\":\"Object\",\"object\":{\"target\":{\"kind\":\"Ingress\",\"name\":\"main\"},\"metricName\":\"rps\",\"targetValue\":\"2k\"}}]"}},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"maxReplicas":3}}
            """);

        var v2 = HorizontalPodAutoscalerV1Conversion.ToV2(v1);

        Assert.Null(v2["metadata"]!["annotations"]);
        Assert.True(JsonNode.DeepEquals(
            Parse("""{"type":"Object","object":{"describedObject":{"kind":"Ingress","name":"main"},"metric":{"name":"rps"},"target":{"value":"2k","type":"Value"}}}"""),
            v2["spec"]!["metrics"]![0]), v2["spec"]!["metrics"]![0]!.ToJsonString());
    }
}
