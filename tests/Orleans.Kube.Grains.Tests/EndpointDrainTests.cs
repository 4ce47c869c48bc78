using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Grains.Tests;

public sealed class EndpointDrainTests
{
    private static ClusterSnapshot With(string ns, string endpoints) => ClusterSnapshot.Empty with
    {
        Slices = ImmutableDictionary<(string, string), JsonObject>.Empty.Add((ns, "web-abc"),
            JsonNode.Parse($$"""{"metadata":{"name":"web-abc","namespace":"{{ns}}"},"endpoints":{{endpoints}}}""")!.AsObject()),
    };

    [Fact]
    public void A_pod_listed_ready_is_still_served()
    {
        Assert.True(EndpointDrain.IsReadyEndpoint(With("shop", """[{"addresses":["127.80.0.5"],"conditions":{"ready":true}}]"""), "127.80.0.5", "shop"));
        // No ready condition counts as ready (the EndpointSlice API's rule).
        Assert.True(EndpointDrain.IsReadyEndpoint(With("shop", """[{"addresses":["127.80.0.5"]}]"""), "127.80.0.5", "shop"));
    }

    [Fact]
    public void A_terminating_or_unlisted_pod_is_drained()
    {
        Assert.False(EndpointDrain.IsReadyEndpoint(With("shop", """[{"addresses":["127.80.0.5"],"conditions":{"ready":false,"terminating":true}}]"""), "127.80.0.5", "shop"));
        Assert.False(EndpointDrain.IsReadyEndpoint(With("shop", """[{"addresses":["127.80.0.6"],"conditions":{"ready":true}}]"""), "127.80.0.5", "shop"));
        Assert.False(EndpointDrain.IsReadyEndpoint(With("other", """[{"addresses":["127.80.0.5"],"conditions":{"ready":true}}]"""), "127.80.0.5", "shop"));
    }

    [Fact]
    public async Task Without_a_cluster_directory_there_is_nothing_to_wait_for()
    {
        var started = DateTime.UtcNow;
        await EndpointDrain.WaitAsync(null, "127.80.0.5", "shop");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(1), "no directory: no wait");
    }
}
