using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Orleans.Kube.Store;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>HTTP-level contracts kubectl relies on: media types, size limits, strict fields, expired watches.</summary>
[Trait("Category", "E2E")]
public sealed class ProtocolEdgeTests(ApiClusterFixture cluster)
{
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(30));
    private string Url(string path) => cluster.Silo.HttpUrl + path;

    [Fact]
    public async Task AnUnsupportedPatchTypeIs415AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        (await cluster.Kubectl.RunAsync("create", "configmap", "patchme", "-n", "default", "--from-literal=a=1")).EnsureSuccess();
        using var request = new HttpRequestMessage(HttpMethod.Patch, Url("/api/v1/namespaces/default/configmaps/patchme"))
        {
            Content = new StringContent("""{"data":{"a":"2"}}""", Encoding.UTF8, "text/plain"),
        };
        using var response = await Http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("UnsupportedMediaType", status["reason"]!.GetValue<string>());
        var map = JsonNode.Parse(await Http.GetStringAsync(Url("/api/v1/namespaces/default/configmaps/patchme"), ct))!;
        Assert.Equal("1", map["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnOversizedBodyIs413()
    {
        var ct = TestContext.Current.CancellationToken;
        var huge = new string('x', 4 * 1024 * 1024);
        using var response = await Http.PostAsync(Url("/api/v1/namespaces/default/configmaps"),
            new StringContent($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"k":"{{huge}}"} }""", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var get = await Http.GetAsync(Url("/api/v1/namespaces/default/configmaps/huge"), ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await Http.PostAsync(Url("/api/v1/namespaces/default/configmaps"),
            new StringContent("""{"apiVersion":"v1","kind":"ConfigMap",""", Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task KubectlApplyRejectsAnUnknownFieldUnderStrictValidation()
    {
        var result = await cluster.Kubectl.RunAsync(["apply", "-f", "-"], """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict","namespace":"default"},"data":{"a":"1"},"dta":{"b":"2"}}
            """);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field \"dta\"", result.Stderr);
        Assert.NotEqual(0, (await cluster.Kubectl.RunAsync("get", "configmap", "strict", "-n", "default")).ExitCode);
    }

    [Fact]
    public async Task WhatKubectlGetPrintsAsAListAppliesBack()
    {
        (await cluster.Kubectl.RunAsync("create", "namespace", "roundtrip")).EnsureSuccess();
        (await cluster.Kubectl.RunAsync("create", "configmap", "one", "-n", "roundtrip", "--from-literal=a=1")).EnsureSuccess();
        (await cluster.Kubectl.RunAsync("create", "configmap", "two", "-n", "roundtrip", "--from-literal=b=2")).EnsureSuccess();
        var saved = (await cluster.Kubectl.RunAsync("get", "configmaps", "-n", "roundtrip", "-o", "yaml")).EnsureSuccess().Stdout;
        Assert.Contains("kind: List", saved);
        (await cluster.Kubectl.RunAsync("delete", "configmaps", "--all", "-n", "roundtrip")).EnsureSuccess();

        // A List is validated on the client against OpenAPI v2, then item by item on the server.
        var applied = (await cluster.Kubectl.RunAsync(["apply", "-f", "-"], saved)).EnsureSuccess();
        Assert.Contains("configmap/one created", applied.Stdout);
        Assert.Contains("configmap/two created", applied.Stdout);
        var names = (await cluster.Kubectl.RunAsync("get", "configmaps", "-n", "roundtrip", "-o", "name")).EnsureSuccess().Stdout;
        // kube-root-ca.crt is in every namespace (and was in the saved List, so it came back too).
        Assert.Equal(["configmap/kube-root-ca.crt", "configmap/one", "configmap/two"], names.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var unknownField = await cluster.Kubectl.RunAsync(["apply", "-f", "-"], """
            {"apiVersion":"v1","kind":"List","items":[
              {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"three","namespace":"roundtrip"},"dta":{"c":"3"}}]}
            """);
        Assert.NotEqual(0, unknownField.ExitCode);
        Assert.Contains("unknown field \"dta\"", unknownField.Stderr);
        Assert.NotEqual(0, (await cluster.Kubectl.RunAsync("get", "configmap", "three", "-n", "roundtrip")).ExitCode);
    }

    [Fact]
    public async Task ServerSideApplyThroughKubectlCreatesAndUpdates()
    {
        const string manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: ssa, namespace: default}
            data: {a: "1", b: "2"}
            """;
        var created = (await cluster.Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], manifest)).EnsureSuccess();
        Assert.Contains("configmap/ssa serverside-applied", created.Stdout);
        (await cluster.Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], manifest.Replace(", b: \"2\"", ""))).EnsureSuccess();
        var json = JsonNode.Parse((await cluster.Kubectl.RunAsync("get", "configmap", "ssa", "-n", "default", "-o", "json", "--show-managed-fields")).EnsureSuccess().Stdout)!;
        Assert.Equal("""{"a":"1"}""", json["data"]!.ToJsonString());
        Assert.Equal("kubectl", json["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWatchFromACompactedRevisionEndsWith410Expired()
    {
        var ct = TestContext.Current.CancellationToken;
        (await cluster.Kubectl.RunAsync("create", "configmap", "compacted", "-n", "default")).EnsureSuccess();
        await using (var db = NpgsqlDataSource.Create(cluster.Database))
            await new ResourceStore(db, new ResourceCipher(new byte[32])).CompactAsync(TimeSpan.Zero, 1, ct);

        var body = await Http.GetStringAsync(Url("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1&timeoutSeconds=5"), ct);
        var first = JsonNode.Parse(body.Split('\n')[0])!;
        Assert.Equal("ERROR", first["type"]!.GetValue<string>());
        Assert.Equal(410, first["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", first["object"]!["reason"]!.GetValue<string>());
    }
}
