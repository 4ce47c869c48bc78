using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// Commands kubectl users type daily read our objects and errors the way they read kube-apiserver's:
/// no panics on shapes we write differently, no wrong answers.
/// </summary>
[Trait("Category", "E2E")]
public sealed class KubectlFidelityTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    private async Task CreateNamespaceAsync(string ns) =>
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();

    private async Task RunPodAsync(string ns, string name, string label, string? nodeName = null)
    {
        var pinned = nodeName is null ? "" : $"\"nodeName\":\"{nodeName}\",";
        var spec = "{" + pinned;
        (await Kubectl.RunAsync(["apply", "-f", "-"], $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{"app":"{{{label}}}"}},
             "spec":{{{spec}}}"terminationGracePeriodSeconds":0,
                     "containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"],"ports":[{"containerPort":8080}]}]}}
            """)).EnsureSuccess();
    }

    [Fact]
    public async Task DescribeServiceWithAnUnnamedPortPrintsItsEndpoints()
    {
        const string ns = "fid-describe-svc";
        await CreateNamespaceAsync(ns);
        await RunPodAsync(ns, "backend", "web");
        (await Kubectl.RunAsync(["apply", "-f", "-"], $$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"{{{ns}}}"},
             "spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}}
            """)).EnsureSuccess();
        var ip = await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", "backend", "-n", ns, "-o", "jsonpath={.status.podIP}")).Stdout,
            s => s.Length > 0, TimeSpan.FromSeconds(60), "the backend pod's IP");

        var described = await Poll.UntilAsync(() => Kubectl.RunAsync("describe", "svc", "web", "-n", ns),
            r => r.ExitCode != 0 || r.Stdout.Contains($"{ip}:8080"), TimeSpan.FromSeconds(60), "describe svc to show the endpoint");

        Assert.Equal(0, described.ExitCode);
        Assert.DoesNotContain("panic", described.Stderr);
        var slice = await Kubectl.RunAsync("get", "endpointslices", "-n", ns, "-l", "kubernetes.io/service-name=web", "-o", "jsonpath={.items[0].ports[0]}");
        Assert.Contains("\"name\":\"\"", slice.Stdout);
    }

    [Fact]
    public async Task DebugWithAnEphemeralContainerFailsWithAnErrorNotAPanic()
    {
        const string ns = "fid-debug";
        await CreateNamespaceAsync(ns);
        await RunPodAsync(ns, "target", "debug");

        var result = await Kubectl.RunAsync("debug", "target", "-n", ns, "--image=okube/busybox:1", "--", "sh");

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("panic", result.Stderr);
        Assert.Contains("ephemeral containers are disabled for this cluster", result.Stderr);
    }

    private Task<string> WaitForPhaseAsync(string ns, string pod, string phase) =>
        Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", pod, "-n", ns, "-o", "jsonpath={.status.phase} {.status.podIP}")).Stdout,
            s => s.StartsWith(phase + " ", StringComparison.Ordinal), TimeSpan.FromSeconds(60), $"pod {pod} to be {phase}");

    [Fact]
    public async Task APodPinnedToANodeByNameGetsAnIpAndRuns()
    {
        const string ns = "fid-pinned";
        await CreateNamespaceAsync(ns);
        await RunPodAsync(ns, "pinned", "pinned", nodeName: cluster.Silo.Name);

        var state = await WaitForPhaseAsync(ns, "pinned", "Running");

        Assert.StartsWith("127.", state.Split(' ')[1]);
        var wide = await Kubectl.RunAsync("get", "pod", "pinned", "-n", ns, "-o", "wide");
        Assert.Contains(state.Split(' ')[1], wide.Stdout);
        Assert.Contains(cluster.Silo.Name, wide.Stdout);
        // describe pod's "Image ID" comes from the runtime.
        var imageId = await Kubectl.RunAsync("get", "pod", "pinned", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].imageID}");
        Assert.StartsWith("docker://sha256:", imageId.Stdout);
    }

    [Fact]
    public async Task APodPinnedToAMissingNodeStaysPendingQuietlyAndDeletesAtOnce()
    {
        const string ns = "fid-ghost";
        await CreateNamespaceAsync(ns);
        await RunPodAsync(ns, "lost", "lost", nodeName: "fid-ghost-node");
        // A pod created after it on a real node running shows the first had its chance to be handled.
        await RunPodAsync(ns, "witness", "witness", nodeName: cluster.Silo.Name);
        await WaitForPhaseAsync(ns, "witness", "Running");

        var lost = await Kubectl.RunAsync("get", "pod", "lost", "-n", ns, "-o", "jsonpath={.status.phase}");
        Assert.Equal("Pending", lost.Stdout);
        Assert.DoesNotContain("fid-ghost-node", cluster.Silo.Output);

        var started = DateTime.UtcNow;
        (await Kubectl.RunAsync("delete", "pod", "lost", "-n", ns)).EnsureSuccess();
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "deleting a pod no agent runs must not wait for one");
    }

    [Fact]
    public async Task DescribeNodeShowsTheLeaseItsNodeRenews()
    {
        var node = cluster.Silo.Name;
        var described = await Poll.UntilAsync(async () => (await Kubectl.RunAsync("describe", "node", node)).Stdout,
            text => text.Contains("HolderIdentity:"), TimeSpan.FromSeconds(60), "the node's lease in describe node");
        Assert.Matches($@"Lease:\s+HolderIdentity:\s+{node}\s+AcquireTime:\s+<unset>\s+RenewTime:\s+\w{{3}}, ", described);
        Assert.DoesNotContain("Failed to get lease", described);

        var leases = (await Kubectl.RunAsync("get", "leases", "-n", "kube-node-lease")).EnsureSuccess().Stdout;
        Assert.Matches($@"NAME\s+HOLDER\s+AGE\s*\n{node}\s+{node}\s+\d", leases);
        var invalid = await Kubectl.RunAsync(["apply", "-f", "-"],
            """{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"bad","namespace":"default"},"spec":{"leaseDurationSeconds":0}}""");
        Assert.Contains("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0", invalid.Stderr);
    }

    [Fact]
    public async Task RolloutHistoryShowsTheChangeCauseAndTheDeploymentItsRevision()
    {
        const string ns = "fid-history";
        await CreateNamespaceAsync(ns);
        (await Kubectl.RunAsync(["apply", "-f", "-"], $$$"""
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"app","namespace":"{{{ns}}}","annotations":{"kubernetes.io/change-cause":"first release"}},
             "spec":{"replicas":0,"selector":{"matchLabels":{"app":"app"}},
                     "template":{"metadata":{"labels":{"app":"app"}},"spec":{"containers":[{"name":"c","image":"okube/busybox:1"}]}} }}
            """)).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "deployment", "app", "-n", ns,
                "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).Stdout == "1",
            TimeSpan.FromSeconds(30), "the Deployment's revision annotation");

        (await Kubectl.RunAsync("set", "image", "deployment/app", "c=okube/busybox:unused", "-n", ns)).EnsureSuccess();
        (await Kubectl.RunAsync("annotate", "deployment/app", "-n", ns, "--overwrite", "kubernetes.io/change-cause=second release")).EnsureSuccess();

        var history = await Poll.UntilAsync(() => Kubectl.RunAsync("rollout", "history", "deployment/app", "-n", ns),
            r => r.Stdout.Contains("second release"), TimeSpan.FromSeconds(30), "rollout history to show the change cause");
        Assert.Matches(@"1\s+first release\s*\n2\s+second release", history.Stdout);
        var revision = await Kubectl.RunAsync("get", "deployment", "app", "-n", ns, "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}");
        Assert.Equal("2", revision.Stdout);
        var events = await Kubectl.RunAsync("get", "events", "-n", ns, "-o", "jsonpath={.items[*].message}");
        Assert.DoesNotContain("from 0 to 0", events.Stdout);
    }

    private static string OwnerConfigMap(string ns, params (string Key, string Value)[] data) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "shared", ["namespace"] = ns },
            ["data"] = new System.Text.Json.Nodes.JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (System.Text.Json.Nodes.JsonNode?)d.Value))),
        }.ToJsonString();

    private Task<Kubectl.Result> ApplyAsAsync(string manager, string manifest, params string[] extra) =>
        Kubectl.RunAsync(["apply", "--server-side", $"--field-manager={manager}", "-f", "-", .. extra], manifest);

    private async Task<string> DataAsync(string ns) =>
        (await Kubectl.RunAsync("get", "configmap", "shared", "-n", ns, "-o", "jsonpath={.data}")).EnsureSuccess().Stdout;

    [Fact]
    public async Task ServerSideApplyConflictsBetweenManagersAndForceMovesOwnership()
    {
        const string ns = "fid-ssa";
        await CreateNamespaceAsync(ns);
        (await ApplyAsAsync("alice", OwnerConfigMap(ns, ("owner", "alice"), ("alice-only", "a")))).EnsureSuccess();

        var conflict = await ApplyAsAsync("bob", OwnerConfigMap(ns, ("owner", "bob")));
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"alice\": .data.owner", conflict.Stderr);
        Assert.Contains("\"owner\":\"alice\"", await DataAsync(ns));

        // The same value is shared ownership, not a conflict; force takes a differing one over.
        (await ApplyAsAsync("carol", OwnerConfigMap(ns, ("owner", "alice")))).EnsureSuccess();
        (await ApplyAsAsync("bob", OwnerConfigMap(ns, ("owner", "bob")), "--force-conflicts")).EnsureSuccess();
        Assert.Contains("\"owner\":\"bob\"", await DataAsync(ns));
        var managed = (await Kubectl.RunAsync("get", "configmap", "shared", "-n", ns, "--show-managed-fields", "-o", "json")).EnsureSuccess().Stdout;
        var entries = System.Text.Json.Nodes.JsonNode.Parse(managed)!["metadata"]!["managedFields"]!.AsArray();
        // alice keeps her other field; carol owned nothing else, so her entry goes, as in kube.
        Assert.Null(entries.Single(e => e!["manager"]!.GetValue<string>() == "alice")!["fieldsV1"]!["f:data"]?["f:owner"]);
        Assert.DoesNotContain(entries, e => e!["manager"]!.GetValue<string>() == "carol");
        Assert.NotNull(entries.Single(e => e!["manager"]!.GetValue<string>() == "bob")!["fieldsV1"]!["f:data"]!["f:owner"]);

        // alice drops the field bob now owns: it stays; bob drops it: it goes. alice's own field goes when she drops it.
        (await ApplyAsAsync("alice", OwnerConfigMap(ns, ("other", "x")))).EnsureSuccess();
        var afterAlice = await DataAsync(ns);
        Assert.Contains("\"owner\":\"bob\"", afterAlice);
        Assert.DoesNotContain("alice-only", afterAlice);
        (await ApplyAsAsync("bob", OwnerConfigMap(ns, ("bobs", "y")))).EnsureSuccess();
        Assert.DoesNotContain("owner", await DataAsync(ns));

        // Drift detection: an unchanged object diffs empty (exit 0); a changed one exits 1.
        var same = await Kubectl.RunAsync(["diff", "--server-side", "--field-manager=bob", "-f", "-"], OwnerConfigMap(ns, ("bobs", "y")));
        Assert.True(same.ExitCode == 0, $"diff of an unchanged object: {same.Stdout}{same.Stderr}");
        var changed = await Kubectl.RunAsync(["diff", "--server-side", "--field-manager=bob", "-f", "-"], OwnerConfigMap(ns, ("bobs", "z")));
        Assert.Equal(1, changed.ExitCode);
    }

    [Fact]
    public async Task APodWithAPersistentVolumeClaimStaysPendingInsteadOfGettingAScratchDirectory()
    {
        const string ns = "fid-pvc";
        await CreateNamespaceAsync(ns);
        (await Kubectl.RunAsync(["apply", "-f", "-"], $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"db","namespace":"{{{ns}}}"},
             "spec":{"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data"}}],
                     "containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"],
                                    "volumeMounts":[{"name":"data","mountPath":"/data"}]}]}}
            """)).EnsureSuccess();

        var condition = await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", "db", "-n", ns,
                "-o", "jsonpath={.status.conditions[?(@.type==\"PodScheduled\")].reason}: {.status.conditions[?(@.type==\"PodScheduled\")].message}")).Stdout,
            s => s.StartsWith("Unschedulable", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the pod to be unschedulable");

        Assert.Contains("persistentvolumeclaim \"data\" not found", condition);
        var pod = await Kubectl.RunAsync("get", "pod", "db", "-n", ns, "-o", "jsonpath={.status.phase} {.spec.nodeName}");
        Assert.Equal("Pending ", pod.Stdout);
    }

    [Fact]
    public async Task DiscoveryIsAggregatedIntoTwoRequests()
    {
        var result = await Kubectl.RunAsync("api-resources", "-v=6");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment", result.Stdout);
        Assert.Matches(@"pods\s+po\s+v1\s+true\s+Pod", result.Stdout);
        // One GET of /api and /apis each; no per-group-version documents.
        Assert.Matches(@"GET \S+/apis(\?\S*)? 200", result.Stderr);
        Assert.Matches(@"GET \S+/api(\?\S*)? 200", result.Stderr);
        Assert.DoesNotMatch(@"GET \S+/apis/apps/v1(\?\S*)? 200", result.Stderr);
        Assert.DoesNotMatch(@"GET \S+/api/v1(\?\S*)? 200", result.Stderr);
    }
}
