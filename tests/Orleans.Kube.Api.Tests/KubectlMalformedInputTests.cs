using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>A few of the sweep's bad requests through the real kubectl: the message a user sees, and nothing changed.</summary>
[Trait("Category", "E2E")]
public sealed class KubectlMalformedInputTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task ANameOver253CharactersIsInvalid()
    {
        var name = new string('n', 254);
        var result = await Kubectl.RunAsync(["create", "-f", "-", "--validate=false"],
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","namespace":"default"}}""".Replace("NAME", name));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"The ConfigMap \"{name}\" is invalid: metadata.name: Invalid value:", result.Stderr);
        Assert.Contains("must be no more than 253 characters", result.Stderr);
    }

    [Fact]
    public async Task ALabelValueOver63CharactersIsInvalidAndNothingIsCreated()
    {
        var result = await Kubectl.RunAsync(["apply", "-f", "-"], """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"longlabel","namespace":"default","labels":{"app":"LONG"}}}
            """.Replace("LONG", new string('v', 64)));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("metadata.labels: Invalid value:", result.Stderr);
        Assert.Contains("must be no more than 63 characters", result.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "configmap", "longlabel", "-n", "default")).ExitCode);
    }

    [Fact]
    public async Task AFieldSelectorOnAFieldTheKindLacksIsABadRequest()
    {
        var result = await Kubectl.RunAsync("get", "configmaps", "-n", "default", "--field-selector", "spec.foo=bar");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(BadRequest)", result.Stderr);
        Assert.Contains("field label not supported: spec.foo", result.Stderr);
    }

    [Fact]
    public async Task AListLimitThatIsNotANumberIsABadRequest()
    {
        var result = await Kubectl.RunAsync("get", "--raw", "/api/v1/namespaces/default/configmaps?limit=abc");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error from server (BadRequest)", result.Stderr);
        Assert.Contains("limit", result.Stderr);
    }

    [Fact]
    public async Task AReplicaCountOfTheWrongTypeIsABadRequest()
    {
        var result = await Kubectl.RunAsync(["create", "-f", "-", "--validate=false"], """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"wrongtype","namespace":"default"},
             "spec":{"replicas":"three","selector":{"matchLabels":{"app":"w"}},
                     "template":{"metadata":{"labels":{"app":"w"}},"spec":{"containers":[{"name":"c","image":"okube/busybox:1"}]}}}}
            """);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error from server (BadRequest)", result.Stderr);
        // Go's decoder wording, not .NET's.
        Assert.Contains("Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32", result.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "deployment", "wrongtype", "-n", "default")).ExitCode);
    }

    [Fact]
    public async Task AJsonPatchWhoseTestFailsIsInvalidAndChangesNothing()
    {
        (await Kubectl.RunAsync("create", "configmap", "patchtest", "-n", "default", "--from-literal=a=1")).EnsureSuccess();
        var result = await Kubectl.RunAsync("patch", "configmap", "patchtest", "-n", "default", "--type=json",
            "-p", """[{"op":"test","path":"/data/a","value":"2"},{"op":"replace","path":"/data/a","value":"3"}]""");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is invalid", result.Stderr);
        var data = (await Kubectl.RunAsync("get", "configmap", "patchtest", "-n", "default", "-o", "jsonpath={.data.a}")).EnsureSuccess();
        Assert.Equal("1", data.Stdout);
    }

    [Fact]
    public async Task ReplacingWithAnotherUidIsAConflict()
    {
        (await Kubectl.RunAsync("create", "configmap", "uidcheck", "-n", "default", "--from-literal=a=1")).EnsureSuccess();
        var result = await Kubectl.RunAsync(["replace", "-f", "-"], """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"uidcheck","namespace":"default","uid":"00000000-0000-0000-0000-000000000000"},"data":{"a":"2"}}
            """);
        Assert.Contains("Error from server (Conflict)", result.Stderr);
        Assert.Contains("Precondition failed: UID in precondition", result.Stderr);
        var data = (await Kubectl.RunAsync("get", "configmap", "uidcheck", "-n", "default", "-o", "jsonpath={.data.a}")).EnsureSuccess();
        Assert.Equal("1", data.Stdout);
    }
}
