using System.Text.Json.Nodes;
using Orleans.Kube.Model.Admission;

namespace Orleans.Kube.Model.Tests.Admission;

public sealed class ResourceQuotaAndLimitRangeTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Pod(string name, string? cpu = null, string phase = "Running")
    {
        var container = new JsonObject { ["name"] = "c", ["image"] = "x" };
        if (cpu is not null)
            container["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = cpu } };
        return new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(container) },
            ["status"] = new JsonObject { ["phase"] = phase },
        };
    }

    private static readonly JsonObject Quota = JsonNode.Parse("""
        {"metadata":{"name":"q"},"spec":{"hard":{"pods":"2","requests.cpu":"1","configmaps":"5"}}}
        """)!.AsObject();

    [Fact]
    public void The_pod_past_the_quota_is_refused_with_kubes_message_and_finished_pods_do_not_count()
    {
        var existing = new[] { Pod("a", "500m"), Pod("b", "300m"), Pod("done", "900m", "Succeeded") };
        Assert.Equal("exceeded quota: q, requested: pods=1,requests.cpu=300m, used: pods=2,requests.cpu=800m, limited: pods=2,requests.cpu=1",
            ResourceQuotas.Exceeded(Quota, ResourceKinds.Pod, existing, Pod("c", "300m")));
        Assert.Equal("exceeded quota: q, requested: requests.cpu=600m, used: requests.cpu=500m, limited: requests.cpu=1",
            ResourceQuotas.Exceeded(Quota, ResourceKinds.Pod, [existing[0], existing[2]], Pod("d", "600m")));
        Assert.Null(ResourceQuotas.Exceeded(Quota, ResourceKinds.Pod, [existing[0], existing[2]], Pod("e", "500m")));
        Assert.Equal("failed quota: q: must specify requests.cpu for: c", ResourceQuotas.MissingCompute(Quota, Pod("f")));
    }

    [Fact]
    public void Status_reports_hard_and_used_for_every_counted_resource()
    {
        var status = ResourceQuotas.Status(Quota, kind => kind == ResourceKinds.Pod
            ? [Pod("a", "500m"), Pod("b", "250m"), Pod("done", "1", "Failed")]
            : kind == ResourceKinds.ConfigMap ? [Parse("""{"metadata":{"name":"cm"}}""")] : []);
        Assert.Equal("""{"hard":{"configmaps":"5","pods":"2","requests.cpu":"1"},"used":{"configmaps":"1","pods":"2","requests.cpu":"750m"}}""",
            status.ToJsonString());
    }

    [Fact]
    public void LimitRange_fills_missing_requests_and_limits_and_says_so_in_the_annotation()
    {
        var range = Parse("""{"spec":{"limits":[{"type":"Container","default":{"cpu":"500m","memory":"128Mi"}}]}}""");
        LimitRanges.ApplyObjectDefaults(range);
        Assert.Equal("""{"cpu":"500m","memory":"128Mi"}""", range["spec"]!["limits"]![0]!["defaultRequest"]!.ToJsonString());

        var pod = Pod("p", cpu: "100m");
        LimitRanges.ApplyDefaults(pod, [range]);
        var resources = pod["spec"]!["containers"]![0]!["resources"]!;
        Assert.Equal("""{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}""", resources.ToJsonString());
        Assert.Equal("LimitRanger plugin set: memory request for container c; cpu, memory limit for container c",
            pod["metadata"]!["annotations"]![LimitRanges.Annotation]!.GetValue<string>());
    }

    [Fact]
    public void LimitRange_min_and_max_are_enforced_with_kubes_messages()
    {
        var range = Parse("""{"spec":{"limits":[{"type":"Container","max":{"cpu":"1"},"min":{"memory":"64Mi"}}]}}""");
        var pod = Parse("""{"spec":{"containers":[{"name":"c","image":"x","resources":{"limits":{"cpu":"2"},"requests":{"memory":"32Mi"}}}]}}""");
        var errors = LimitRanges.Violations(pod, [range]);
        Assert.Equal("[minimum memory usage per Container is 64Mi, but request is 32Mi, maximum cpu usage per Container is 1, but limit is 2]",
            LimitRanges.Aggregate(errors));
    }
}
