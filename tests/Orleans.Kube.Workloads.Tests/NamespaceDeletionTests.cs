using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>`kubectl delete -f` of a manifest holding its own Namespace, as against a real cluster.</summary>
[Trait("Category", "E2E")]
public sealed class NamespaceDeletionTests(TwoNodeClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task ApplyThenDeleteOfAManifestWithItsNamespaceSucceedsAndLeavesNoContainer()
    {
        var ns = $"shop-{Guid.NewGuid().ToString("N")[..5]}";
        var manifest = $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: {ns}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: {ns}
            data:
              mode: test
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: {ns}
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: web
                    image: {TwoNodeClusterFixture.Image1}
                    command: ["sleep", "3600"]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: {ns}
            spec:
              selector:
                app: web
              ports:
              - port: 80
            """;
        var path = Path.Combine(Path.GetTempPath(), $"{ns}.yaml");
        await File.WriteAllTextAsync(path, manifest, TestContext.Current.CancellationToken);
        try
        {
            (await Kubectl.RunAsync("apply", "-f", path)).EnsureSuccess();
            (await Kubectl.RunAsync(["rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"], null, timeout: TimeSpan.FromSeconds(70))).EnsureSuccess();

            var deleted = await Kubectl.RunAsync(["delete", "-f", path], null, timeout: TimeSpan.FromSeconds(120));
            Assert.True(deleted.ExitCode == 0, $"kubectl delete -f failed: {deleted.Stderr}");
            Assert.Equal("", deleted.Stderr.Trim());
            Assert.Contains($"namespace \"{ns}\" deleted", deleted.Stdout);
            Assert.Contains("service \"web\" deleted", deleted.Stdout);

            await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "namespace", ns)).ExitCode != 0, TimeSpan.FromSeconds(60), "the namespace gone");
            await Poll.UntilAsync(async () => (await Docker.ContainersAsync(new Dictionary<string, string> { ["okube.pod.namespace"] = ns }, all: true)).Count == 0,
                TimeSpan.FromSeconds(60), "no container of the namespace left");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ADeletedNamespaceIsTerminatingWithItsFinalizerAndItsObjectsStayReadable()
    {
        var ns = await Kubectl.NamespaceAsync("term");
        (await Kubectl.RunAsync("create", "configmap", "kept", "-n", ns, "--from-literal=a=b")).EnsureSuccess();
        (await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false")).EnsureSuccess();

        var terminating = await Kubectl.GetJsonAsync("get", "namespace", ns);
        Assert.Equal("Terminating", terminating.Str("status", "phase"));
        Assert.Equal("kubernetes", terminating["spec"]!["finalizers"]![0]!.GetValue<string>());
        (await Kubectl.RunAsync("get", "configmap", "kept", "-n", ns)).EnsureSuccess();
        var refused = await Kubectl.RunAsync("create", "configmap", "late", "-n", ns, "--from-literal=a=b");
        Assert.Contains("because it is being terminated", refused.Stderr);

        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "namespace", ns)).ExitCode != 0, TimeSpan.FromSeconds(60), "the namespace gone");
    }
}
