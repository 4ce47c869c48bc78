using System.Diagnostics;
using System.Net;
using System.Text;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Foundation.Tests;

/// <summary>
/// PostgreSQL restarted under a silo that pools its connections, as a production silo does: writes
/// during the outage fail fast with 503 and Retry-After, and once it is back every request succeeds
/// on the first try (no pooled connection of the old server is handed out).
/// </summary>
[Trait("Category", "Cluster")]
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(30));
    private PostgresServer? server;
    private SiloProcess? silo;

    public async ValueTask InitializeAsync()
    {
        // A server of its own, so stopping it disturbs no other test.
        server = await PostgresServer.StartAsync();
        silo = SiloProcess.Start(await server.CreateDatabaseAsync("pgrestart", pooling: true), "pg-restart", "api");
        await silo.WaitReadyAsync();
        await Poll.UntilAsync(async () => (await Http.GetAsync($"{silo.HttpUrl}/api/v1/namespaces/default")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(60), "the default namespace to be bootstrapped");
    }

    public async ValueTask DisposeAsync()
    {
        if (silo is not null) await silo.DisposeAsync();
        if (server is not null) await server.DisposeAsync();
    }

    [Fact]
    public async Task RequestsAfterARestartSucceedFirstTimeAndWritesDuringItFailFast()
    {
        var ct = TestContext.Current.CancellationToken;
        var acknowledged = new List<string>();
        // Fill the pools: concurrent writes and lists each hold a connection.
        var warm = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => CreateConfigMapAsync($"warm-{i}", ct)));
        Assert.All(warm, code => Assert.Equal(HttpStatusCode.Created, code));
        acknowledged.AddRange(Enumerable.Range(0, 24).Select(i => $"warm-{i}"));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Http.GetAsync($"{silo!.HttpUrl}/api/v1/namespaces/default/configmaps", ct)));

        await server!.StopAsync();
        var clock = Stopwatch.StartNew();
        using (var during = await PostConfigMapAsync("during-outage", ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal("1", during.Headers.GetValues("Retry-After").Single());
            Assert.Contains("\"kind\":\"Status\"", await during.Content.ReadAsStringAsync(ct));
        }
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"a write during the outage took {clock.Elapsed}");

        await server.StartAgainAsync();
        var failures = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var name = $"after-{i}";
            if (i % 2 == 0)
            {
                var code = await CreateConfigMapAsync(name, ct);
                if (code == HttpStatusCode.Created) acknowledged.Add(name);
                else failures.Add($"create {name}: {(int)code}");
            }
            else
            {
                using var list = await Http.GetAsync($"{silo!.HttpUrl}/api/v1/namespaces/default/configmaps", ct);
                if (!list.IsSuccessStatusCode)
                    failures.Add($"list {i}: {(int)list.StatusCode} {await list.Content.ReadAsStringAsync(ct)}");
            }
        }
        Assert.Empty(failures);

        using var all = await Http.GetAsync($"{silo!.HttpUrl}/api/v1/namespaces/default/configmaps", ct);
        var body = await all.Content.ReadAsStringAsync(ct);
        Assert.All(acknowledged, name => Assert.Contains($"\"name\":\"{name}\"", body));
    }

    private async Task<HttpStatusCode> CreateConfigMapAsync(string name, CancellationToken ct)
    {
        using var response = await PostConfigMapAsync(name, ct);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> PostConfigMapAsync(string name, CancellationToken ct) =>
        Http.PostAsync($"{silo!.HttpUrl}/api/v1/namespaces/default/configmaps",
            new StringContent(
                $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""", Encoding.UTF8, "application/json"), ct);
}
