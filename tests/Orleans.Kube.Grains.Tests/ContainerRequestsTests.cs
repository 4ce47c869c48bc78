using System.Text.Json.Nodes;

namespace Orleans.Kube.Grains.Tests;

/// <summary>The node agent's container request: limits become Docker's memory bytes and nano-CPUs through the one quantity parser.</summary>
public sealed class ContainerRequestsTests
{
    [Theory]
    [InlineData("\"128Mi\"", "\"500m\"", 134_217_728L, 500_000_000L)]
    [InlineData("\"1G\"", "2", 1_000_000_000L, 2_000_000_000L)]
    [InlineData("\"1e3\"", "\"0.25\"", 1000L, 250_000_000L)]
    [InlineData("\"1Ei\"", "\"100u\"", 1L << 60, 100_000L)]
    public async Task Limits_become_memory_bytes_and_nano_cpus(string memory, string cpu, long bytes, long nanoCpus)
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","namespace":"default","uid":"0123456789abcdef"},"spec":{}}""")!.AsObject();
        var container = JsonNode.Parse($$$"""{"name":"app","image":"okube/busybox:1","resources":{"limits":{"memory":{{{memory}}},"cpu":{{{cpu}}}} } }""")!.AsObject();

        var request = await ContainerRequests.BuildAsync(pod, container, init: false, attempt: 0, "node-a", "127.0.0.1",
            (_, _, _) => Task.FromResult<JsonObject?>(null), []);

        Assert.Equal(bytes, request.MemoryLimitBytes);
        Assert.Equal(nanoCpus, request.NanoCpus);
    }
}
