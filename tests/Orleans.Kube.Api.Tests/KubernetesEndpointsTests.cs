using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>The `kubernetes` Service's endpoints are the live API silos: a killed one is removed once membership declares it dead.</summary>
[Trait("Category", "E2E")]
public sealed class KubernetesEndpointsTests
{
    [Fact]
    public async Task AKilledApiSiloLeavesTheKubernetesEndpoints()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("endpoints");
        await using var first = SiloProcess.Start(database, "api-first", "api");
        await first.WaitReadyAsync();
        await using var second = SiloProcess.Start(database, "api-second", "api");
        await second.WaitReadyAsync();
        var firstPort = new Uri(first.HttpUrl).Port;
        var secondPort = new Uri(second.HttpUrl).Port;
        await Poll.UntilAsync(() => PortsAsync(first), ports => ports.Order().SequenceEqual(new[] { firstPort, secondPort }.Order()),
            TimeSpan.FromSeconds(30), "both API silos in the kubernetes endpoints");

        second.Kill();
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(() => PortsAsync(first), ports => ports.SequenceEqual([firstPort]), TimeSpan.FromSeconds(30),
            "the killed silo out of the kubernetes endpoints");
        TestContext.Current.TestOutputHelper?.WriteLine($"killed API silo's endpoint removed after {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>The ports of the kubernetes Service's endpoints, from its EndpointSlices.</summary>
    private static async Task<List<int>> PortsAsync(SiloProcess silo)
    {
        var slices = JsonNode.Parse(await ClusterCredentials.Http.GetStringAsync(
            $"{silo.HttpUrl}/apis/discovery.k8s.io/v1/namespaces/default/endpointslices?labelSelector=kubernetes.io/service-name%3Dkubernetes"))!;
        return slices["items"]!.AsArray().SelectMany(s => s!["ports"]!.AsArray().Select(p => p!["port"]!.GetValue<int>())).ToList();
    }
}
