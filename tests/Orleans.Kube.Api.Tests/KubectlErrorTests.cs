using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>Bad input gets a Status kubectl can print, and changes nothing.</summary>
[Trait("Category", "E2E")]
public sealed class KubectlErrorTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task GettingAMissingObjectSaysNotFound()
    {
        var result = await Kubectl.RunAsync("get", "deployment", "nope", "-n", "default");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error from server (NotFound): deployments.apps \"nope\" not found", result.Stderr);
    }

    [Fact]
    public async Task CreatingTwiceSaysAlreadyExists()
    {
        (await Kubectl.RunAsync("create", "configmap", "twice", "-n", "default")).EnsureSuccess();
        var result = await Kubectl.RunAsync("create", "configmap", "twice", "-n", "default");
        Assert.Contains("configmaps \"twice\" already exists", result.Stderr);
    }

    [Fact]
    public async Task AnInvalidNameIsRejectedWithTheField()
    {
        var result = await Kubectl.RunAsync(["create", "-f", "-", "--validate=false"], """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"Bad_Name","namespace":"default"}}
            """);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Invalid", result.Stderr);
        Assert.Contains("metadata.name", result.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "configmap", "Bad_Name", "-n", "default")).ExitCode);
    }

    [Fact]
    public async Task NegativeReplicasAreInvalid()
    {
        var result = await Kubectl.RunAsync(["apply", "-f", "-", "--validate=false"], """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"neg","namespace":"default"},
             "spec":{"replicas":-1,"selector":{"matchLabels":{"app":"neg"}},
                     "template":{"metadata":{"labels":{"app":"neg"}},"spec":{"containers":[{"name":"c","image":"okube/busybox:1"}]}}}}
            """);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("spec.replicas", result.Stderr);
        Assert.Contains("must be greater than or equal to 0", result.Stderr);
    }

    [Fact]
    public async Task CreatingInAMissingNamespaceFails()
    {
        var result = await Kubectl.RunAsync("create", "configmap", "orphan", "-n", "does-not-exist");
        Assert.Contains("namespaces \"does-not-exist\" not found", result.Stderr);
    }

    [Fact]
    public async Task AMalformedLabelSelectorIsABadRequest()
    {
        var result = await Kubectl.RunAsync("get", "pods", "-n", "default", "-l", "app in (");
        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("InternalError", result.Stderr);
    }

    [Fact]
    public async Task AStaleResourceVersionIsAConflict()
    {
        (await Kubectl.RunAsync("create", "configmap", "versioned", "-n", "default", "--from-literal=a=1")).EnsureSuccess();
        var result = await Kubectl.RunAsync(["replace", "-f", "-"], """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"versioned","namespace":"default","resourceVersion":"1"},"data":{"a":"2"}}
            """);
        Assert.Contains("Error from server (Conflict)", result.Stderr);
        Assert.Contains("the object has been modified", result.Stderr);
    }
}
