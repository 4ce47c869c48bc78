using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class PodRequestTests
{
    private static PodRequest FromSpec(string specJson) =>
        PodRequest.From(Parse($$"""{"metadata":{"name":"web","namespace":"dev"},"spec":{{specJson}}}"""));

    [Theory]
    [InlineData("\"100m\"", "\"128Mi\"", 100, 134_217_728)]
    [InlineData("\"0.5\"", "\"1Gi\"", 500, 1_073_741_824)]
    [InlineData("\"1\"", "\"1G\"", 1000, 1_000_000_000)]
    [InlineData("2", "\"500M\"", 2000, 500_000_000)]
    [InlineData("0.25", "1048576", 250, 1_048_576)]
    public void Container_requests_are_parsed_from_kubernetes_quantities(string cpu, string memory, long milliCpu, long bytes)
    {
        var pod = FromSpec($$"""{"containers":[{"name":"c","resources":{"requests":{"cpu":{{cpu}},"memory":{{memory}}""" + "}}}]}");

        Assert.Equal(new Resources(milliCpu, bytes, 1), pod.Requests);
    }

    [Fact]
    public void Requests_are_summed_over_containers_and_count_one_pod()
    {
        var pod = FromSpec("""
            {"containers":[
              {"name":"a","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}},
              {"name":"b","resources":{"requests":{"cpu":"250m","memory":"64Mi"}}},
              {"name":"c"}]}
            """);

        Assert.Equal(new Resources(350, 128 * Mi, 1), pod.Requests);
    }

    [Fact]
    public void A_missing_request_falls_back_to_the_limit_per_resource()
    {
        var pod = FromSpec("""
            {"containers":[{"name":"a","resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"2","memory":"256Mi"}}}]}
            """);

        Assert.Equal(new Resources(100, 256 * Mi, 1), pod.Requests);
    }

    [Fact]
    public void An_init_container_needing_more_than_all_containers_together_sets_that_resource()
    {
        var pod = FromSpec("""
            {"initContainers":[
               {"name":"migrate","resources":{"requests":{"cpu":"2","memory":"64Mi"}}},
               {"name":"warm","resources":{"requests":{"cpu":"500m","memory":"1Gi"}}}],
             "containers":[
               {"name":"a","resources":{"requests":{"cpu":"300m","memory":"128Mi"}}},
               {"name":"b","resources":{"requests":{"cpu":"300m","memory":"128Mi"}}}]}
            """);

        // cpu: max(600m, 2) from "migrate"; memory: max(256Mi, 1Gi) from "warm" - each resource on its own.
        Assert.Equal(new Resources(2000, 1 * Gi, 1), pod.Requests);
    }

    [Fact]
    public void Init_containers_smaller_than_the_containers_change_nothing()
    {
        var pod = FromSpec("""
            {"initContainers":[{"name":"i","resources":{"requests":{"cpu":"100m","memory":"32Mi"}}}],
             "containers":[{"name":"a","resources":{"requests":{"cpu":"300m","memory":"128Mi"}}}]}
            """);

        Assert.Equal(new Resources(300, 128 * Mi, 1), pod.Requests);
    }

    [Fact]
    public void Sidecar_init_containers_keep_running_so_they_add_to_the_containers()
    {
        var pod = FromSpec("""
            {"initContainers":[
               {"name":"proxy","restartPolicy":"Always","resources":{"requests":{"cpu":"200m","memory":"64Mi"}}},
               {"name":"setup","resources":{"requests":{"cpu":"1","memory":"64Mi"}}}],
             "containers":[{"name":"a","resources":{"requests":{"cpu":"300m","memory":"128Mi"}}}]}
            """);

        // cpu: max(300m + 200m, 200m + 1) = 1200m; memory: max(128Mi + 64Mi, 64Mi + 64Mi) = 192Mi.
        Assert.Equal(new Resources(1200, 192 * Mi, 1), pod.Requests);
    }

    [Fact]
    public void Pod_overhead_is_added_on_top()
    {
        var pod = FromSpec("""
            {"overhead":{"cpu":"50m","memory":"10Mi"},
             "containers":[{"name":"a","resources":{"requests":{"cpu":"100m","memory":"100Mi"}}}]}
            """);

        Assert.Equal(new Resources(150, 110 * Mi, 1), pod.Requests);
    }

    [Fact]
    public void Metadata_selector_affinity_and_tolerations_are_read()
    {
        var pod = PodRequest.From(Parse("""
            {"metadata":{"name":"web-1","namespace":"dev","ownerReferences":[
                {"kind":"Foo","uid":"not-controller"},
                {"kind":"ReplicaSet","uid":"rs-uid","controller":true}]},
             "spec":{"nodeSelector":{"disk":"ssd"},
                     "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}},
                     "tolerations":[{"key":"gpu","operator":"Exists","effect":"NoSchedule"},{"key":"team","value":"a"}],
                     "containers":[{"name":"c"}]}}
            """));

        Assert.Equal(("dev", "web-1", "rs-uid"), (pod.Namespace, pod.Name, pod.OwnerUid));
        Assert.Equal("ssd", pod.NodeSelector["disk"]);
        Assert.NotNull(pod.NodeAffinity?["requiredDuringSchedulingIgnoredDuringExecution"]);
        Assert.Equal(
            [new Toleration("gpu", "Exists", null, "NoSchedule"), new Toleration("team", "Equal", "a", null)],
            pod.Tolerations);
        Assert.Equal(new Resources(0, 0, 1), pod.Requests);
    }

    [Fact]
    public void A_pod_without_a_controller_reference_has_no_owner()
    {
        var pod = PodRequest.From(Parse("""{"metadata":{"name":"bare","ownerReferences":[{"uid":"x"}]},"spec":{}}"""));

        Assert.Null(pod.OwnerUid);
        Assert.Null(pod.NodeAffinity);
        Assert.Empty(pod.Tolerations);
    }
}
