using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// Reads served from each API silo's watch cache through HTTP: a consistent list or a GET at a
/// revision on one silo sees what was just written through another, a list continued on the other
/// silo picks up where the first stopped, and a watch from a list's revision sees every later change once.
/// Two API silos of their own on a fresh database.
/// </summary>
[Trait("Category", "E2E")]
public sealed class WatchCacheTests(ApiClusterFixture cluster)
{
    private const string Ns = "cache";
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task ReadsOnOneSiloSeeWritesMadeThroughAnotherAndWatchesFromAListMissNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("cache");
        await using var writer = SiloProcess.Start(database, "cache-writer", "api");
        await writer.WaitReadyAsync();
        await using var reader = SiloProcess.Start(database, "cache-reader", "api");
        await reader.WaitReadyAsync();
        await Poll.UntilAsync(async () => (await Http.PostAsync($"{writer.HttpUrl}/api/v1/namespaces",
            Json(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Ns } }), ct)).StatusCode
            is HttpStatusCode.Created or HttpStatusCode.Conflict, TimeSpan.FromSeconds(30), "the namespace");
        // The reader's configmap view is built now, so what follows is served from its live cache.
        await GetAsync(reader, $"/api/v1/namespaces/{Ns}/configmaps?resourceVersion=0", ct);

        for (var i = 0; i < 10; i++)
        {
            var created = await CreateAsync(writer, $"cm-{i}", ct);
            var rv = created["metadata"]!["resourceVersion"]!.GetValue<string>();
            var list = await GetAsync(reader, $"/api/v1/namespaces/{Ns}/configmaps", ct);
            Assert.Contains($"cm-{i}", Names(list));
            Assert.True(long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>()) >= long.Parse(rv));
            var got = await GetAsync(reader, $"/api/v1/namespaces/{Ns}/configmaps/cm-{i}?resourceVersion={rv}", ct);
            Assert.Equal(rv, got["metadata"]!["resourceVersion"]!.GetValue<string>());
        }
        var missing = await Http.GetAsync($"{reader.HttpUrl}/api/v1/namespaces/{Ns}/configmaps/nope?resourceVersion=0", ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // A list chunked on the writer goes on, from its token, on the reader; selectors use the cache's labels.
        var firstChunk = await GetAsync(writer, $"/api/v1/namespaces/{Ns}/configmaps?limit=4&labelSelector=app%3Dcache", ct);
        var token = firstChunk["metadata"]!["continue"]!.GetValue<string>();
        var rest = await GetAsync(reader, $"/api/v1/namespaces/{Ns}/configmaps?limit=100&labelSelector=app%3Dcache&continue={Uri.EscapeDataString(token)}", ct);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"cm-{i}").Order(StringComparer.Ordinal), Names(firstChunk).Concat(Names(rest)));
        Assert.Equal(firstChunk["metadata"]!["resourceVersion"]!.GetValue<string>(), rest["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Empty(Names(await GetAsync(reader, $"/api/v1/namespaces/{Ns}/configmaps?labelSelector=app%3Dother", ct)));

        // List on the reader, then watch from its revision while the writer changes things: each change once, in order.
        var listed = await GetAsync(reader, $"/api/v1/namespaces/{Ns}/configmaps?resourceVersion=0", ct);
        var from = listed["metadata"]!["resourceVersion"]!.GetValue<string>();
        var expected = new List<string>();
        for (var i = 10; i < 15; i++)
            expected.Add($"ADDED cm-{i} " + (await CreateAsync(writer, $"cm-{i}", ct))["metadata"]!["resourceVersion"]);
        using var watch = await Http.GetAsync($"{reader.HttpUrl}/api/v1/namespaces/{Ns}/configmaps?watch=true&resourceVersion={from}&timeoutSeconds=20",
            HttpCompletionOption.ResponseHeadersRead, ct);
        using var lines = new StreamReader(await watch.Content.ReadAsStreamAsync(ct));
        for (var i = 15; i < 20; i++)
            expected.Add($"ADDED cm-{i} " + (await CreateAsync(writer, $"cm-{i}", ct))["metadata"]!["resourceVersion"]);
        var deleted = await Http.DeleteAsync($"{writer.HttpUrl}/api/v1/namespaces/{Ns}/configmaps/cm-0", ct);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var seen = new List<string>();
        while (seen.Count < expected.Count + 1 && await lines.ReadLineAsync(ct) is { } line)
        {
            var e = JsonNode.Parse(line)!;
            seen.Add($"{e["type"]} {e["object"]!["metadata"]!["name"]} {e["object"]!["metadata"]!["resourceVersion"]}");
        }
        Assert.Equal(expected, seen.Take(expected.Count));
        Assert.StartsWith("DELETED cm-0 ", seen[^1]);
    }

    private static async Task<JsonObject> CreateAsync(SiloProcess silo, string name, CancellationToken ct)
    {
        var response = await Http.PostAsync($"{silo.HttpUrl}/api/v1/namespaces/{Ns}/configmaps", Json(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["app"] = "cache" } },
            ["data"] = new JsonObject { ["k"] = name },
        }), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<JsonObject> GetAsync(SiloProcess silo, string path, CancellationToken ct)
    {
        var response = await Http.GetAsync(silo.HttpUrl + path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static IEnumerable<string> Names(JsonObject list) =>
        list["items"]!.AsArray().Select(item => item!["metadata"]!["name"]!.GetValue<string>()).ToList();

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
