using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Foundation.Tests;

/// <summary>
/// `--log-format json`: every line a silo writes is one JSON object a log shipper can read, and the
/// lines of a controller pass or a pod sync carry the object and the node they are about.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class JsonLogsTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly string[] JsonDebug = ["--log-format", "json", "--Logging:LogLevel:Orleans.Kube=Debug", "--Nodes:HeartbeatSeconds=1"];
    private SiloProcess? api;
    private SiloProcess? host;

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.Server.CreateDatabaseAsync("jsonlogs");
        api = SiloProcess.Start(database, "json-api", "api", JsonDebug);
        host = SiloProcess.Start(database, "json-host", "worker", [.. JsonDebug, "--Node:Simulated:Count=1", "--Node:Simulated:Prefix=jsonnode"]);
        await Task.WhenAll(api.WaitReadyAsync(), host.WaitReadyAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null) await host.DisposeAsync();
        if (api is not null) await api.DisposeAsync();
    }

    [Fact]
    public async Task SiloLogsAreJsonLinesWithTheObjectAndNodeTheyConcern()
    {
        using var kubectl = new Kubectl(api!.HttpUrl);
        (await kubectl.RunAsync("create", "deployment", "web", "--image=okube/busybox:1", "--", "sleep", "3600")).EnsureSuccess();

        // The Deployment's grain may live on either silo.
        var reconcile = await Poll.UntilAsync(() => Task.FromResult(Lines(api).Concat(Lines(host!)).FirstOrDefault(l => Scope(l, "object") == "default/web" && Scope(l, "kind") == "Deployment")),
            l => l is not null, TimeSpan.FromSeconds(60), "a JSON log line of the Deployment's reconcile");
        Assert.Equal("DeploymentGrain", Scope(reconcile!, "grain"));
        Assert.NotNull(reconcile!["Timestamp"]);
        Assert.Equal("Debug", reconcile["LogLevel"]?.GetValue<string>());

        var sync = await Poll.UntilAsync(() => Task.FromResult(Lines(host!).FirstOrDefault(l => Scope(l, "node") == "jsonnode-0001" && Scope(l, "pod")?.StartsWith("default/web-") == true)),
            l => l is not null, TimeSpan.FromSeconds(60), "a JSON log line of the pod's sync on its node");
        Assert.Contains("Synced pod", sync!["Message"]?.GetValue<string>());

        // Nothing but JSON objects on stdout.
        foreach (var silo in new[] { api, host! })
            Assert.All(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.IsType<JsonObject>(JsonNode.Parse(line)));
    }

    private static List<JsonObject> Lines(SiloProcess silo) =>
        [.. silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).OfType<JsonObject>()];

    private static JsonObject? Parse(string line)
    {
        try { return JsonNode.Parse(line) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static string? Scope(JsonObject line, string field) =>
        (line["Scopes"] as JsonArray)?.OfType<JsonObject>().Select(s => s[field]?.GetValue<string>()).FirstOrDefault(v => v is not null);
}
