using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// `kubectl explain` and kubectl's validation read our OpenAPI documents (v3 per group-version, generated from the
/// KubernetesClient models and their documentation) as they read kube-apiserver's.
/// </summary>
[Trait("Category", "E2E")]
public sealed class KubectlExplainTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    /// <summary>Runs kubectl explain with <paramref name="args"/> and asserts that it prints each of <paramref name="expected"/>.</summary>
    private async Task ExplainPrintsAsync(string[] args, params string[] expected)
    {
        var result = (await Kubectl.RunAsync(["explain", .. args])).EnsureSuccess();
        Assert.All(expected, text => Assert.Contains(text, result.Stdout));
    }

    [Fact]
    public Task ExplainAFieldPrintsItsDescriptionAndItsTypesFields() =>
        ExplainPrintsAsync(["deployment.spec.strategy"],
            "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n",
            "FIELD: strategy <DeploymentStrategy>",
            // The field's description, then its type's, from the models' XML documentation.
            "The deployment strategy to use to replace existing pods with new ones.",
            "DeploymentStrategy describes how to replace existing pods with new ones.",
            "  rollingUpdate\t<RollingUpdateDeployment>",
            "  type\t<string>");

    [Fact]
    public Task ExplainRecursivePrintsTheWholePodTree() =>
        ExplainPrintsAsync(["pod", "--recursive"],
            "KIND:       Pod\nVERSION:    v1\n",
            "\n  spec\t<PodSpec>\n",
            "\n    containers\t<[]Container> -required-\n",
            "\n      name\t<string> -required-\n",
            "\n        containerPort\t<integer> -required-\n",
            "\n          port\t<IntOrString> -required-\n",
            "\n        limits\t<map[string]Quantity>\n",
            "\n    creationTimestamp\t<string>\n");

    [Fact]
    public async Task ExplainACoreKindAndOneOfItsFields()
    {
        await ExplainPrintsAsync(["configmap"],
            "KIND:       ConfigMap\nVERSION:    v1\n",
            "ConfigMap holds configuration data for pods to consume.",
            "  data\t<map[string]string>",
            "  metadata\t<ObjectMeta>");
        await ExplainPrintsAsync(["cm.metadata.labels"], "FIELD: labels <map[string]string>");

        var missing = await Kubectl.RunAsync("explain", "configmap.nosuchfield");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("field \"nosuchfield\" does not exist", missing.Stderr);
    }

    [Fact]
    public async Task StrictValidationRejectsAnUnknownFieldOnTheServer()
    {
        var result = await Kubectl.RunAsync(["create", "-f", "-", "--validate=strict", "-v=6"], """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"unknown-field","namespace":"default"},"data":{"a":"b"},"bogus":1}
            """);

        Assert.NotEqual(0, result.ExitCode);
        // kubectl saw in the v3 document that the server validates, so it asked it to.
        Assert.Contains("fieldValidation=Strict", result.Stderr);
        Assert.Contains("unknown field \"bogus\"", result.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "configmap", "unknown-field", "-n", "default")).ExitCode);
    }

    [Fact]
    public async Task ValidateTrueCatchesAValueOfTheWrongType()
    {
        var result = await Kubectl.RunAsync(["create", "-f", "-", "--validate=true"],
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"wrongtype-validated","namespace":"default"},"data":{"a":1}}""");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cannot unmarshal number into Go struct field ConfigMap.data of type string", result.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "configmap", "wrongtype-validated", "-n", "default")).ExitCode);
    }

    [Fact]
    public async Task KubectlServesARepeatedExplainFromItsHttpCache()
    {
        (await Kubectl.RunAsync("explain", "statefulset.spec")).EnsureSuccess();

        var again = (await Kubectl.RunAsync("explain", "statefulset.spec", "-v=8")).EnsureSuccess();

        // The group-version document's URL carries its hash and is immutable: kubectl's disk cache answers it.
        var fetch = again.Stderr[again.Stderr.IndexOf("GET https://", again.Stderr.IndexOf("/openapi/v3?", StringComparison.Ordinal) + 1, StringComparison.Ordinal)..];
        Assert.StartsWith("GET https://", fetch);
        Assert.Contains("/openapi/v3/apis/apps/v1?hash=", fetch[..fetch.IndexOf('\n')]);
        Assert.Contains("X-From-Cache: 1", fetch);
    }

    [Fact]
    public async Task DocumentsAreCachedByHashAndETag()
    {
        var ct = TestContext.Current.CancellationToken;
        using var handler = ClusterCredentials.CreateHandler();
        handler.AllowAutoRedirect = false;
        using var http = new HttpClient(handler) { BaseAddress = new Uri(cluster.Silo.HttpUrl) };

        var index = JsonNode.Parse(await http.GetStringAsync("/openapi/v3", ct))!;
        var url = index["paths"]!["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>();
        Assert.Matches("^/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{128}$", url);

        using var hashed = await http.GetAsync(url, ct);
        Assert.Equal(HttpStatusCode.OK, hashed.StatusCode);
        Assert.Equal("public, immutable", hashed.Headers.CacheControl!.ToString());
        var etag = hashed.Headers.ETag!;
        Assert.Equal($"\"{url[(url.IndexOf('=') + 1)..]}\"", etag.Tag);
        var document = JsonNode.Parse(await hashed.Content.ReadAsStringAsync(ct))!;
        Assert.NotNull(document["components"]!["schemas"]!["io.k8s.api.apps.v1.Deployment"]);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/openapi/v3/apis/apps/v1");
        conditional.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(conditional, ct)).StatusCode);

        using var stale = await http.GetAsync("/openapi/v3/apis/apps/v1?hash=0123", ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, stale.StatusCode);
        Assert.Equal(url, stale.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/openapi/v3/apis/nosuch.group/v1", ct)).StatusCode);

        var swagger = JsonNode.Parse(await http.GetStringAsync("/openapi/v2", ct))!;
        Assert.Equal("#/definitions/io.k8s.api.core.v1.PodSpec",
            swagger["definitions"]!["io.k8s.api.core.v1.Pod"]!["properties"]!["spec"]!["$ref"]!.GetValue<string>());
    }
}
