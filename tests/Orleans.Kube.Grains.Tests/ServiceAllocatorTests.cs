using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Orleans.Kube.Grains.Tests;

/// <summary>Service admission's ClusterIP and NodePort allocation on an in-memory allocation store and tiny pools.</summary>
public sealed class ServiceAllocatorTests
{
    private readonly InMemoryAllocationStore allocations = new();
    private readonly ServiceAllocator allocator;

    public ServiceAllocatorTests() =>
        allocator = new ServiceAllocator(allocations, new NetworkPools(Options.Create(new NetworkOptions
        {
            ServiceRange = "127.77.0.0/30", // two usable addresses: .1 and .2
            NodePortRange = "30000-30001",
        })));

    private static JsonObject Service(string uid, string spec) =>
        JsonNode.Parse($$$"""{"metadata":{"name":"s-{{{uid}}}","uid":"{{{uid}}}"},"spec":{{{spec}}}}""")!.AsObject();

    private static string? ClusterIp(JsonObject service) => service["spec"]?["clusterIP"]?.GetValue<string>();

    [Fact]
    public async Task Each_service_gets_its_own_ClusterIP_until_the_range_is_full()
    {
        var (a, b, c) = (Service("a", "{}"), Service("b", "{}"), Service("c", "{}"));

        Assert.Empty(await allocator.AdmitAsync(a, null, dryRun: false));
        Assert.Empty(await allocator.AdmitAsync(b, null, dryRun: false));
        var full = await allocator.AdmitAsync(c, null, dryRun: false);

        Assert.Equal(["127.77.0.1", "127.77.0.2"], new[] { ClusterIp(a), ClusterIp(b) }.Order());
        Assert.Equal("spec.clusterIPs: Invalid value: no ClusterIP left in the service range", Assert.Single(full).ToString());
    }

    [Fact]
    public async Task An_update_keeps_the_ClusterIP_and_may_not_change_it()
    {
        var created = Service("keep", "{}");
        await allocator.AdmitAsync(created, null, dryRun: false);

        var kept = Service("keep", "{}");
        var changed = Service("keep", """{"clusterIP":"127.77.0.2"}""");
        Assert.Empty(await allocator.AdmitAsync(kept, created, dryRun: false));
        var refused = await allocator.AdmitAsync(changed, created, dryRun: false);

        Assert.Equal(ClusterIp(created), ClusterIp(kept));
        Assert.Contains("may not change once set", Assert.Single(refused).Message);
    }

    [Fact]
    public async Task A_requested_value_already_held_or_out_of_range_is_refused_and_release_frees_it()
    {
        var first = Service("first", """{"type":"NodePort","ports":[{"port":80,"nodePort":30000}]}""");
        Assert.Empty(await allocator.AdmitAsync(first, null, dryRun: false));

        var clash = await allocator.AdmitAsync(Service("clash", """{"type":"NodePort","ports":[{"port":80,"nodePort":30000}]}"""), null, dryRun: false);
        var outside = await allocator.AdmitAsync(Service("outside", """{"clusterIP":"10.0.0.1"}"""), null, dryRun: false);
        await allocator.ReleaseAllAsync("first");
        var afterRelease = await allocator.AdmitAsync(Service("later", """{"type":"NodePort","ports":[{"port":80,"nodePort":30000}]}"""), null, dryRun: false);

        Assert.Contains(clash, e => e.ToString() == "spec.ports[0].nodePort: Invalid value: \"30000\": provided port is already allocated");
        Assert.Contains(outside, e => e.Message.Contains("is not in the valid range. The range of valid IPs is 127.77.0.1-127.77.0.2", StringComparison.Ordinal));
        Assert.DoesNotContain(afterRelease, e => e.Field.StartsWith("spec.ports", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_dry_run_allocates_nothing()
    {
        var service = Service("dry", """{"type":"NodePort","ports":[{"port":80}]}""");

        Assert.Empty(await allocator.AdmitAsync(service, null, dryRun: true));

        Assert.Null(ClusterIp(service));
        Assert.Null(service["spec"]!["ports"]![0]!["nodePort"]);
    }
}
