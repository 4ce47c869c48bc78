using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>The real kubectl 1.32 against a real silo and PostgreSQL: the everyday workflow.</summary>
[Trait("Category", "E2E")]
public sealed class KubectlWorkflowTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    private static string WebManifest(string ns, string image, bool withEnvB) => $$"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {{ns}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: web-config
          namespace: {{ns}}
        data:
          greeting: hello
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: web-secret
          namespace: {{ns}}
        stringData:
          password: s3cret
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: {{ns}}
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: {{image}}
                env:
                - name: A
                  value: "1"
        {{(withEnvB ? "        - name: B\n          value: \"2\"" : "")}}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: {{ns}}
        spec:
          selector: {app: web}
          ports:
          - port: 80
            targetPort: 8080
        """;

    [Fact]
    public async Task CreateNamespaceThenGetShowsItActive()
    {
        (await Kubectl.RunAsync("create", "namespace", "dev")).EnsureSuccess();
        var get = (await Kubectl.RunAsync("get", "namespace", "dev")).EnsureSuccess();
        Assert.Matches(@"NAME\s+STATUS\s+AGE\s*\ndev\s+Active\s+\d+s", get.Stdout);
    }

    [Fact]
    public async Task ApplyCreatesEveryDocumentAndReapplyChangesExactlyTheEditedFields()
    {
        var created = (await Kubectl.RunAsync(["apply", "-f", "-"], WebManifest("shop", "okube/busybox:1", withEnvB: true))).EnsureSuccess();
        Assert.Contains("namespace/shop created", created.Stdout);
        Assert.Contains("configmap/web-config created", created.Stdout);
        Assert.Contains("secret/web-secret created", created.Stdout);
        Assert.Contains("deployment.apps/web created", created.Stdout);
        Assert.Contains("service/web created", created.Stdout);

        var before = await GetJsonAsync("deployment", "web", "shop");
        var reapplied = (await Kubectl.RunAsync(["apply", "-f", "-"], WebManifest("shop", "okube/busybox:2", withEnvB: false))).EnsureSuccess();
        Assert.Contains("deployment.apps/web configured", reapplied.Stdout);
        Assert.Contains("configmap/web-config unchanged", reapplied.Stdout);

        var after = await GetJsonAsync("deployment", "web", "shop");
        var container = after["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("okube/busybox:2", container["image"]!.GetValue<string>());
        Assert.Equal(["A"], container["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()));
        Assert.Equal(2, after["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(before["metadata"]!["uid"]!.GetValue<string>(), after["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal(2, after["spec"]!["replicas"]!.GetValue<int>());

        var secret = await GetJsonAsync("secret", "web-secret", "shop");
        Assert.Equal(Convert.ToBase64String("s3cret"u8.ToArray()), secret["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetPrintsTheColumnsAKubernetesUserExpects()
    {
        (await Kubectl.RunAsync(["apply", "-f", "-"], WebManifest("printing", "okube/busybox:1", withEnvB: false))).EnsureSuccess();

        var deploy = (await Kubectl.RunAsync("get", "deploy", "-n", "printing")).EnsureSuccess();
        Assert.Matches(@"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s*\nweb\s+\d+/2\s+\d+\s+\d+\s+\d+s", deploy.Stdout);

        var svc = (await Kubectl.RunAsync("get", "svc", "-n", "printing")).EnsureSuccess();
        Assert.Matches(@"NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s*\nweb\s+ClusterIP\s+\S+\s+<none>\s+80/TCP\s+\d+s", svc.Stdout);

        var labelled = (await Kubectl.RunAsync("get", "deploy,svc", "-n", "printing", "-l", "app=web")).EnsureSuccess();
        Assert.Contains("deployment.apps/web", labelled.Stdout);
        Assert.DoesNotContain("service/web", labelled.Stdout); // the service carries no labels

        var all = (await Kubectl.RunAsync("get", "all", "-n", "printing")).EnsureSuccess();
        Assert.Contains("deployment.apps/web", all.Stdout);
        Assert.Contains("service/web", all.Stdout);

        var everywhere = (await Kubectl.RunAsync("get", "cm", "-A")).EnsureSuccess();
        Assert.Matches(@"NAMESPACE\s+NAME\s+DATA\s+AGE", everywhere.Stdout);
        Assert.Matches(@"printing\s+web-config\s+1\s+\d+s", everywhere.Stdout);

        var yaml = (await Kubectl.RunAsync("get", "deploy", "web", "-n", "printing", "-o", "yaml")).EnsureSuccess();
        Assert.Contains("kind: Deployment", yaml.Stdout);
        Assert.Contains("resourceVersion:", yaml.Stdout);

        var wide = (await Kubectl.RunAsync("get", "pods", "-n", "printing", "-o", "wide")).EnsureSuccess();
        Assert.True(wide.Stdout.Length == 0 || wide.Stdout.Contains("NODE"), wide.Stdout);
    }

    [Fact]
    public async Task ScaleChangesReplicas()
    {
        (await Kubectl.RunAsync(["apply", "-f", "-"], WebManifest("scaling", "okube/busybox:1", withEnvB: false))).EnsureSuccess();
        var scaled = (await Kubectl.RunAsync("scale", "deployment", "web", "-n", "scaling", "--replicas=5")).EnsureSuccess();
        Assert.Contains("deployment.apps/web scaled", scaled.Stdout);
        Assert.Equal(5, (await GetJsonAsync("deployment", "web", "scaling"))["spec"]!["replicas"]!.GetValue<int>());

        var negative = await Kubectl.RunAsync("scale", "deployment", "web", "-n", "scaling", "--replicas=-1");
        Assert.NotEqual(0, negative.ExitCode);
    }

    [Fact]
    public async Task WatchShowsChangesAsTheyHappen()
    {
        (await Kubectl.RunAsync("create", "namespace", "watching")).EnsureSuccess();
        using var watch = Kubectl.Start("get", "configmaps", "-n", "watching", "-w", "--output-watch-events");
        var lines = new List<string>();
        var reader = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
                lock (lines) lines.Add(line);
        }, TestContext.Current.CancellationToken);
        try
        {
            // Let the watch establish before changing anything: wait for a created object to show up.
            (await Kubectl.RunAsync("create", "configmap", "first", "-n", "watching", "--from-literal=a=1")).EnsureSuccess();
            await Poll.UntilAsync(() => Task.FromResult(Snapshot().Any(l => l.Contains("first"))), TimeSpan.FromSeconds(20), "ADDED first");
            (await Kubectl.RunAsync("create", "configmap", "second", "-n", "watching", "--from-literal=a=1")).EnsureSuccess();
            (await Kubectl.RunAsync("delete", "configmap", "first", "-n", "watching")).EnsureSuccess();
            await Poll.UntilAsync(() => Task.FromResult(
                    Snapshot().Any(l => l.StartsWith("ADDED") && l.Contains("second")) &&
                    Snapshot().Any(l => l.StartsWith("DELETED") && l.Contains("first"))),
                TimeSpan.FromSeconds(20), "ADDED second and DELETED first");
        }
        finally
        {
            watch.Kill();
            await reader;
        }

        List<string> Snapshot()
        {
            lock (lines) return [.. lines];
        }
    }

    [Fact]
    public async Task DeleteRemovesObjectsAndTheirDependents()
    {
        (await Kubectl.RunAsync(["apply", "-f", "-"], WebManifest("cascade", "okube/busybox:1", withEnvB: false))).EnsureSuccess();
        var owner = await GetJsonAsync("deployment", "web", "cascade");
        var dependent = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "owned",
                ["namespace"] = "cascade",
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["name"] = "web",
                    ["uid"] = owner["metadata"]!["uid"]!.GetValue<string>(),
                }),
            },
        };
        (await Kubectl.RunAsync(["create", "-f", "-"], dependent.ToJsonString())).EnsureSuccess();

        var deleted = (await Kubectl.RunAsync("delete", "deployment", "web", "-n", "cascade")).EnsureSuccess();
        Assert.Contains("deployment.apps \"web\" deleted", deleted.Stdout);
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "configmap", "owned", "-n", "cascade")).ExitCode != 0,
            TimeSpan.FromSeconds(20), "the owned configmap to be deleted");

        (await Kubectl.RunAsync(["delete", "-f", "-", "--ignore-not-found"], WebManifest("cascade", "okube/busybox:1", withEnvB: false))).EnsureSuccess();
        var gone = await Kubectl.RunAsync("get", "namespace", "cascade");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("namespaces \"cascade\" not found", gone.Stderr);
    }

    [Fact]
    public async Task OrphanAndForegroundCascadesAndFinalizersBehaveAsInKubernetes()
    {
        (await Kubectl.RunAsync("create", "namespace", "cascades")).EnsureSuccess();
        async Task<string> OwnerWithDependentAsync(string name)
        {
            (await Kubectl.RunAsync("create", "configmap", name, "-n", "cascades")).EnsureSuccess();
            var uid = (await GetJsonAsync("configmap", name, "cascades"))["metadata"]!["uid"]!.GetValue<string>();
            var dependent = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name + "-child",
                    ["namespace"] = "cascades",
                    ["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = name, ["uid"] = uid }),
                },
            };
            (await Kubectl.RunAsync(["create", "-f", "-"], dependent.ToJsonString())).EnsureSuccess();
            return uid;
        }

        // Orphan: the dependent stays, without its ownerReference.
        await OwnerWithDependentAsync("orphaner");
        (await Kubectl.RunAsync("delete", "configmap", "orphaner", "-n", "cascades", "--cascade=orphan")).EnsureSuccess();
        var orphan = await GetJsonAsync("configmap", "orphaner-child", "cascades");
        Assert.Null(orphan["metadata"]!["ownerReferences"]);

        // Foreground: the owner goes only after its dependents.
        await OwnerWithDependentAsync("fore");
        (await Kubectl.RunAsync("delete", "configmap", "fore", "-n", "cascades", "--cascade=foreground")).EnsureSuccess();
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "configmap", "fore-child", "-n", "cascades")).ExitCode);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "configmap", "fore", "-n", "cascades")).ExitCode);

        // A finalizer holds deletion until it is removed.
        (await Kubectl.RunAsync(["create", "-f", "-"], """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"held","namespace":"cascades","finalizers":["example.com/hold"]}}
            """)).EnsureSuccess();
        (await Kubectl.RunAsync("delete", "configmap", "held", "-n", "cascades", "--wait=false")).EnsureSuccess();
        var held = await GetJsonAsync("configmap", "held", "cascades");
        Assert.NotNull(held["metadata"]!["deletionTimestamp"]);
        (await Kubectl.RunAsync("patch", "configmap", "held", "-n", "cascades", "--type=merge", "-p", """{"metadata":{"finalizers":null}}""")).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "configmap", "held", "-n", "cascades")).ExitCode != 0,
            TimeSpan.FromSeconds(20), "the finalized configmap to go");
    }

    [Fact]
    public async Task EditWithAScriptedEditorUpdatesTheObject()
    {
        (await Kubectl.RunAsync("create", "namespace", "editing")).EnsureSuccess();
        (await Kubectl.RunAsync("create", "configmap", "settings", "-n", "editing", "--from-literal=mode=slow")).EnsureSuccess();
        var edited = (await Kubectl.RunAsync(["edit", "configmap", "settings", "-n", "editing"], null,
            new Dictionary<string, string> { ["KUBE_EDITOR"] = "sed -i s/mode:\\ slow/mode:\\ fast/" })).EnsureSuccess();
        Assert.Contains("configmap/settings edited", edited.Stdout);
        Assert.Equal("fast", (await GetJsonAsync("configmap", "settings", "editing"))["data"]!["mode"]!.GetValue<string>());
    }

    private async Task<JsonObject> GetJsonAsync(string kind, string name, string ns)
    {
        var result = (await Kubectl.RunAsync("get", kind, name, "-n", ns, "-o", "json")).EnsureSuccess();
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }
}
