using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// The two kinds added as one declaration each (StorageClass, ControllerRevision), through the real kubectl:
/// discovered, created, defaulted, validated, printed and field-selected like any other kind.
/// </summary>
[Trait("Category", "E2E")]
public sealed class RegisteredKindsTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task StorageClassIsDiscoveredCreatedDefaultedPrintedAndSelectable()
    {
        var resources = (await Kubectl.RunAsync("api-resources", "--api-group=storage.k8s.io")).EnsureSuccess();
        Assert.Matches(@"storageclasses\s+sc\s+storage.k8s.io/v1\s+false\s+StorageClass", resources.Stdout);

        var created = (await Kubectl.RunAsync(["apply", "-f", "-"], """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata:
              name: registry-local
              annotations: {storageclass.kubernetes.io/is-default-class: "true"}
            provisioner: rancher.io/local-path
            volumeBindingMode: WaitForFirstConsumer
            """)).EnsureSuccess();
        Assert.Contains("storageclass.storage.k8s.io/registry-local created", created.Stdout);

        var get = (await Kubectl.RunAsync("get", "sc", "registry-local")).EnsureSuccess();
        Assert.Matches(@"NAME\s+PROVISIONER\s+RECLAIMPOLICY\s+VOLUMEBINDINGMODE\s+ALLOWVOLUMEEXPANSION\s+AGE\s*\n" +
            @"registry-local \(default\)\s+rancher.io/local-path\s+Delete\s+WaitForFirstConsumer\s+false\s+\d+s", get.Stdout);

        var json = JsonNode.Parse((await Kubectl.RunAsync("get", "storageclass", "registry-local", "-o", "json")).EnsureSuccess().Stdout)!;
        Assert.Equal("Delete", json["reclaimPolicy"]!.GetValue<string>());
        Assert.Null(json["metadata"]!["namespace"]);

        var selected = (await Kubectl.RunAsync("get", "sc", "--field-selector", "metadata.name=registry-local", "-o", "name")).EnsureSuccess();
        Assert.Equal("storageclass.storage.k8s.io/registry-local", selected.Stdout.Trim());
        var unsupported = await Kubectl.RunAsync("get", "sc", "--field-selector", "provisioner=x");
        Assert.NotEqual(0, unsupported.ExitCode);
        Assert.Contains("field label not supported: provisioner", unsupported.Stderr);

        (await Kubectl.RunAsync("delete", "sc", "registry-local")).EnsureSuccess();
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "sc", "registry-local")).ExitCode);
    }

    [Fact]
    public async Task AnInvalidStorageClassIsRefusedWithKubesMessage()
    {
        var refused = await Kubectl.RunAsync(["apply", "-f", "-"], """
            apiVersion: storage.k8s.io/v1
            kind: StorageClass
            metadata: {name: registry-bad}
            provisioner: example.com/x
            reclaimPolicy: Recycle
            """);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("The StorageClass \"registry-bad\" is invalid: reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"", refused.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "sc", "registry-bad")).ExitCode);
    }

    [Fact]
    public async Task ControllerRevisionIsCreatedPrintedAndValidated()
    {
        (await Kubectl.RunAsync("create", "namespace", "revisions")).EnsureSuccess();
        (await Kubectl.RunAsync(["apply", "-f", "-"], """
            apiVersion: apps/v1
            kind: ControllerRevision
            metadata: {name: web-5d8f, namespace: revisions}
            data: {spec: {template: {spec: {containers: [{name: web, image: okube/busybox:1}]}}}}
            revision: 2
            """)).EnsureSuccess();

        var get = (await Kubectl.RunAsync("get", "controllerrevisions", "-n", "revisions")).EnsureSuccess();
        Assert.Matches(@"NAME\s+CONTROLLER\s+REVISION\s+AGE\s*\nweb-5d8f\s+<none>\s+2\s+\d+s", get.Stdout);

        var refused = await Kubectl.RunAsync(["apply", "-f", "-"], """
            apiVersion: apps/v1
            kind: ControllerRevision
            metadata: {name: web-bad, namespace: revisions}
            data: {}
            revision: -1
            """);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("The ControllerRevision \"web-bad\" is invalid: revision: Invalid value: -1: must be greater than or equal to 0", refused.Stderr);
    }
}
