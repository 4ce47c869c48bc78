using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>Lists in chunks (limit and continue), as kubectl get and client-go's pager ask for them.</summary>
[Trait("Category", "E2E")]
public sealed partial class ChunkedListTests(ApiClusterFixture cluster)
{
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task KubectlGetFollowsContinueTokensChunkByChunk()
    {
        await CreateConfigMapsAsync("chunks-kubectl", 7);

        var names = (await cluster.Kubectl.RunAsync("get", "configmaps", "-n", "chunks-kubectl", "--chunk-size=2", "-o", "name", "-v=6"))
            .EnsureSuccess();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"configmap/cm{i}"), Lines(names.Stdout));
        // 7 objects in chunks of 2: the first request and three continued ones.
        Assert.Equal(3, ContinuedRequest().Matches(names.Stderr).Count);

        // The human-readable path asks for Tables, which carry the token in their own metadata.
        var table = (await cluster.Kubectl.RunAsync("get", "configmaps", "-n", "chunks-kubectl", "--chunk-size=3", "--no-headers"))
            .EnsureSuccess();
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm{i}"), Lines(table.Stdout).Select(line => line.Split(' ')[0]));
    }

    [Fact]
    public async Task EveryChunkReportsTheFirstRevisionAndAWatchFromItMissesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateConfigMapsAsync("chunks-rv", 5);
        var first = await GetAsync("/api/v1/namespaces/chunks-rv/configmaps?limit=2");
        var revision = first["metadata"]!["resourceVersion"]!.GetValue<string>();
        Assert.Equal(["cm0", "cm1"], Names(first));

        // Changes between chunks: one created behind the cursor, one deleted ahead of it.
        (await cluster.Kubectl.RunAsync("create", "configmap", "cm00", "-n", "chunks-rv")).EnsureSuccess();
        (await cluster.Kubectl.RunAsync("delete", "configmap", "cm3", "-n", "chunks-rv")).EnsureSuccess();

        var seen = Names(first).ToList();
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        while (token is not null)
        {
            var chunk = await GetAsync($"/api/v1/namespaces/chunks-rv/configmaps?limit=2&continue={Uri.EscapeDataString(token)}");
            Assert.Equal(revision, chunk["metadata"]!["resourceVersion"]!.GetValue<string>());
            seen.AddRange(Names(chunk));
            token = chunk["metadata"]!["continue"]?.GetValue<string>();
        }
        Assert.Equal(["cm0", "cm1", "cm2", "cm4"], seen);

        // A client that watches from the list's revision learns of both changes.
        var events = await Http.GetStringAsync(
            Url($"/api/v1/namespaces/chunks-rv/configmaps?watch=true&resourceVersion={revision}&timeoutSeconds=2"), ct);
        var changes = events.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)!)
            .Select(e => $"{e["type"]} {e["object"]!["metadata"]!["name"]}");
        Assert.Equal(["ADDED cm00", "DELETED cm3"], changes);
    }

    [Fact]
    public async Task ALimitCountsOnlyObjectsTheSelectorsMatch()
    {
        await CreateConfigMapsAsync("chunks-selected", 9);
        var seen = new List<string>();
        var token = "";
        var requests = 0;
        do
        {
            var chunk = await GetAsync($"/api/v1/namespaces/chunks-selected/configmaps?labelSelector=parity%3Deven&limit=2&continue={Uri.EscapeDataString(token)}");
            Assert.True(Names(chunk).Count() <= 2);
            seen.AddRange(Names(chunk));
            token = chunk["metadata"]!["continue"]?.GetValue<string>() ?? "";
            requests++;
        } while (token.Length > 0);
        Assert.Equal(["cm0", "cm2", "cm4", "cm6", "cm8"], seen);
        Assert.InRange(requests, 3, 4);
    }

    [Fact]
    public async Task TheOfficialClientPagesThroughPods()
    {
        var ct = TestContext.Current.CancellationToken;
        (await cluster.Kubectl.RunAsync("create", "namespace", "chunks-pods")).EnsureSuccess();
        // Bound to a node that does not exist, so nothing runs them; the node index serves spec.nodeName lists.
        for (var i = 0; i < 5; i++)
            (await cluster.Kubectl.RunAsync(["apply", "-n", "chunks-pods", "-f", "-"], $$$"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p{{{i}}}"},
                 "spec":{"nodeName":"chunks-nowhere","containers":[{"name":"c","image":"okube/busybox:1"}]}}
                """)).EnsureSuccess();
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.Kubectl.KubeconfigPath));

        foreach (var fieldSelector in new[] { null, "spec.nodeName=chunks-nowhere" })
        {
            var names = new List<string>();
            string? token = null;
            do
            {
                var page = await client.CoreV1.ListNamespacedPodAsync("chunks-pods", limit: 2, continueParameter: token,
                    fieldSelector: fieldSelector, cancellationToken: ct);
                Assert.True(page.Items.Count <= 2);
                names.AddRange(page.Items.Select(p => p.Metadata.Name));
                token = page.Metadata.ContinueProperty;
            } while (!string.IsNullOrEmpty(token));
            Assert.Equal(["p0", "p1", "p2", "p3", "p4"], names);
        }
    }

    [Theory]
    [InlineData("continue=not-a-token", 400, "BadRequest")]
    [InlineData("continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6Mywic3RhcnQiOiJ4In0", 400, "BadRequest")]
    [InlineData("continue={token}&resourceVersion=1", 400, "BadRequest")]
    [InlineData("continue={token}&resourceVersion=1&resourceVersionMatch=NotOlderThan", 422, "Invalid")]
    [InlineData("limit=two", 400, "BadRequest")]
    public async Task ABadChunkRequestIsAStatusError(string query, int code, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateConfigMapsAsync("chunks-bad", 3);
        var token = (await GetAsync("/api/v1/namespaces/chunks-bad/configmaps?limit=1"))["metadata"]!["continue"]!.GetValue<string>();

        using var response = await Http.GetAsync(Url($"/api/v1/namespaces/chunks-bad/configmaps?{query.Replace("{token}", token)}"), ct);
        Assert.Equal((HttpStatusCode)code, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal(reason, status["reason"]!.GetValue<string>());
    }

    // cm0..cm{count-1}, labelled by parity; a namespace already holding them is reused.
    private async Task CreateConfigMapsAsync(string ns, int count)
    {
        var manifest = new StringBuilder($"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}}}\n");
        for (var i = 0; i < count; i++)
            manifest.Append($"---\napiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm{i}, namespace: {ns}, labels: {{parity: {(i % 2 == 0 ? "even" : "odd")}}}}}\n");
        (await cluster.Kubectl.RunAsync(["apply", "-f", "-"], manifest.ToString())).EnsureSuccess();
    }

    private string Url(string path) => cluster.Silo.HttpUrl + path;

    private async Task<JsonNode> GetAsync(string path) =>
        JsonNode.Parse(await Http.GetStringAsync(Url(path), TestContext.Current.CancellationToken))!;

    // Every namespace also holds the kube-root-ca.crt ConfigMap (last in name order): the tests count their own.
    private const string RootCa = "kube-root-ca.crt";

    private static IEnumerable<string> Names(JsonNode list) =>
        list["items"]!.AsArray().Select(item => item!["metadata"]!["name"]!.GetValue<string>()).Where(name => name != RootCa);

    private static string[] Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(line => !line.Contains(RootCa)).ToArray();

    [GeneratedRegex(@"GET \S+\?continue=\S+&limit=2 200 OK")]
    private static partial Regex ContinuedRequest();
}
