using static Orleans.Kube.Scheduling.Tests.Snapshots;

namespace Orleans.Kube.Scheduling.Tests;

[Trait("Category", "Unit")]
public sealed class NodeResourcesFitFilterTests
{
    private readonly NodeResourcesFitFilter filter = new();

    [Fact]
    public void A_pod_that_exactly_fills_the_node_fits()
    {
        var node = Node("n", milliCpu: 2000, memory: 4 * Gi, requested: new Resources(1500, 3 * Gi, 5));

        Assert.Null(filter.Check(Pod(milliCpu: 500, memory: 1 * Gi), node));
    }

    [Fact]
    public void Too_little_free_cpu_is_insufficient_cpu()
    {
        var node = Node("n", milliCpu: 2000, requested: new Resources(1500, 0, 1));

        Assert.Equal("Insufficient cpu", filter.Check(Pod(milliCpu: 501), node));
    }

    [Fact]
    public void Too_little_free_memory_is_insufficient_memory()
    {
        Assert.Equal("Insufficient memory", filter.Check(Pod(memory: 9 * Gi), Node("n", memory: 8 * Gi)));
    }

    [Fact]
    public void A_full_pod_count_is_too_many_pods()
    {
        var node = Node("n", pods: 3, requested: new Resources(0, 0, 3));

        Assert.Equal("Too many pods", filter.Check(Pod(), node));
    }

    [Fact]
    public void Zero_allocatable_pods_means_the_node_reported_no_limit()
    {
        Assert.Null(filter.Check(Pod(), Node("n", pods: 0, requested: new Resources(0, 0, 500))));
    }

    [Fact]
    public void A_pod_without_requests_fits_even_an_overcommitted_node()
    {
        var node = Node("n", milliCpu: 1000, memory: 1 * Gi, requested: new Resources(5000, 5 * Gi, 1));

        Assert.Null(filter.Check(Pod(milliCpu: 0, memory: 0), node));
    }

    [Fact]
    public void Every_short_resource_is_listed_as_its_own_reason()
    {
        var node = Node("n", milliCpu: 1000, memory: 1 * Gi, pods: 1, requested: new Resources(0, 0, 1));

        Assert.Equal(["Too many pods", "Insufficient cpu", "Insufficient memory"], filter.Reasons(Pod(milliCpu: 2000, memory: 2 * Gi), node));
        Assert.Equal("Too many pods", filter.Check(Pod(milliCpu: 2000, memory: 2 * Gi), node));
    }
}
