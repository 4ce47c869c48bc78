using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// StatefulSets and persistent storage through the real kubectl on the fixture's two Docker nodes: the default
/// local-path class, ordered start, stable names and data, scale down and up, a partitioned update and undo, and the
/// binder's and protection finalizers' behaviour users see.
/// </summary>
[Trait("Category", "E2E")]
public sealed class StatefulSetStorageTests(TwoNodeClusterFixture cluster, ITestOutputHelper output)
{
    private Kubectl Kubectl => cluster.Kubectl;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static string StatefulSet(string ns, int replicas, string policy = "OrderedReady", string name = "web") => $"""
        apiVersion: v1
        kind: Service
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          clusterIP: None
          selector: {"{"}app: {name}{"}"}
          ports: [{"{"}port: 80{"}"}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec:
          replicas: {replicas}
          serviceName: {name}
          podManagementPolicy: {policy}
          selector: {"{"}matchLabels: {"{"}app: {name}{"}"}{"}"}
          template:
            metadata: {"{"}labels: {"{"}app: {name}{"}"}{"}"}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: app
                image: {TwoNodeClusterFixture.Image1}
                command: ["sh", "-c", "echo $POD_NAME >> /data/names && exec sleep 3600"]
                env: [{"{"}name: POD_NAME, valueFrom: {"{"}fieldRef: {"{"}fieldPath: metadata.name{"}"}{"}"}{"}"}]
                volumeMounts: [{"{"}name: data, mountPath: /data{"}"}]
          volumeClaimTemplates:
          - metadata: {"{"}name: data{"}"}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {"{"}requests: {"{"}storage: 64Mi{"}"}{"}"}
        """;

    private async Task<Dictionary<string, JsonObject>> PodsAsync(string ns, string app = "web") =>
        (await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", $"app={app}"))
            .Where(p => p.Str("metadata", "deletionTimestamp") is null).ToDictionary(p => p.Str("metadata", "name")!);

    private static bool Ready(JsonObject pod) =>
        pod.Str("status", "phase") == "Running" &&
        (pod["status"]?["conditions"] as JsonArray)?.Any(c => c.Str("type") == "Ready" && c.Str("status") == "True") == true;

    private async Task<string> NamesInVolumeAsync(string ns, string pod) =>
        (await Kubectl.RunAsync("exec", "-n", ns, pod, "--", "cat", "/data/names")).EnsureSuccess().Stdout;

    private async Task RolloutStatusAsync(string ns) =>
        (await Kubectl.RunAsync(["rollout", "status", "sts/web", "-n", ns, "--timeout=120s"], null, timeout: TimeSpan.FromSeconds(130))).EnsureSuccess();

    [Fact]
    public async Task OrderedStartStableIdentityAndDataScaleDownAndUpPartitionedUpdateAndUndo()
    {
        var ns = await Kubectl.NamespaceAsync("sts");
        Assert.Matches(@"local-path \(default\)\s+rancher.io/local-path\s+Delete\s+WaitForFirstConsumer", (await Kubectl.RunAsync("get", "sc")).EnsureSuccess().Stdout);
        await Kubectl.ApplyAsync(StatefulSet(ns, 3));
        await RolloutStatusAsync(ns);

        // Strictly in order: each pod was created no earlier than the one below became Ready.
        var pods = await PodsAsync(ns);
        Assert.Equal(["web-0", "web-1", "web-2"], pods.Keys.Order());
        for (var i = 1; i < 3; i++)
        {
            var readyAt = DateTime.Parse(((JsonArray)pods[$"web-{i - 1}"]["status"]!["conditions"]!).First(c => c.Str("type") == "Ready")!.Str("lastTransitionTime")!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
            var createdAt = DateTime.Parse(pods[$"web-{i}"].Str("metadata", "creationTimestamp")!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
            Assert.True(createdAt >= readyAt, $"web-{i} created {createdAt:O} before web-{i - 1} was ready {readyAt:O}");
        }
        var pvcs = (await Kubectl.RunAsync("get", "pvc", "-n", ns)).EnsureSuccess().Stdout;
        output.WriteLine(pvcs);
        foreach (var i in new[] { 0, 1, 2 })
        {
            Assert.Matches($@"data-web-{i}\s+Bound\s+pvc-\S+\s+64Mi\s+RWO\s+local-path", pvcs);
            Assert.Equal($"web-{i}\n", await NamesInVolumeAsync(ns, $"web-{i}"));
        }
        Assert.Matches(@"web\s+3/3", (await Kubectl.RunAsync("get", "sts", "-n", ns)).EnsureSuccess().Stdout);

        // Stable network identity: each pod's name under the headless Service, from inside another pod.
        var web2Ip = pods["web-2"].Str("status", "podIP")!;
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("exec", "-n", ns, "web-0", "--", "busybox", "nslookup", $"web-2.web.{ns}.svc.cluster.local")).Stdout.Contains(web2Ip),
            Deadline, "web-2.web resolving to web-2's pod IP");

        // A deleted pod comes back under its name, on the node that holds its volume, with its data.
        var node = pods["web-1"].Str("spec", "nodeName");
        var uid = pods["web-1"].Str("metadata", "uid");
        (await Kubectl.RunAsync("delete", "pod", "web-1", "-n", ns)).EnsureSuccess();
        await Poll.UntilAsync(async () => (await PodsAsync(ns)).TryGetValue("web-1", out var p) && p.Str("metadata", "uid") != uid && Ready(p), Deadline, "web-1 back");
        Assert.Equal(node, (await PodsAsync(ns))["web-1"].Str("spec", "nodeName"));
        Assert.Equal("web-1\nweb-1\n", await NamesInVolumeAsync(ns, "web-1"));

        // Scale to 1: web-2 then web-1 go, their claims stay; back to 3 they find their data again.
        (await Kubectl.RunAsync("scale", "sts/web", "-n", ns, "--replicas=1")).EnsureSuccess();
        await Poll.UntilAsync(async () => (await PodsAsync(ns)).Keys.SequenceEqual(["web-0"]), Deadline, "scaled to 1");
        var events = (await Kubectl.ItemsAsync("get", "events", "-n", ns, "--field-selector", "reason=SuccessfulDelete"))
            .Select(e => e.Str("message")).ToList();
        Assert.True(events.IndexOf("delete Pod web-2 in StatefulSet web successful") < events.IndexOf("delete Pod web-1 in StatefulSet web successful") || events.Count < 2,
            string.Join("; ", events));
        Assert.Equal(3, (await Kubectl.ItemsAsync("get", "pvc", "-n", ns)).Count);
        (await Kubectl.RunAsync("scale", "sts/web", "-n", ns, "--replicas=3")).EnsureSuccess();
        await RolloutStatusAsync(ns);
        Assert.Equal("web-2\nweb-2\n", await NamesInVolumeAsync(ns, "web-2"));

        // A partitioned rolling update replaces web-2 only; undo puts the old template back on it.
        (await Kubectl.RunAsync("patch", "sts/web", "-n", ns, "-p", """{"spec":{"updateStrategy":{"rollingUpdate":{"partition":2}}}}""")).EnsureSuccess();
        var before = (await PodsAsync(ns)).ToDictionary(p => p.Key, p => p.Value.Str("metadata", "labels", "controller-revision-hash"));
        (await Kubectl.RunAsync("set", "image", "sts/web", "-n", ns, $"app={TwoNodeClusterFixture.Image2}")).EnsureSuccess();
        await RolloutStatusAsync(ns);
        var after = await PodsAsync(ns);
        Assert.Equal(TwoNodeClusterFixture.Image2, after["web-2"]["spec"]!["containers"]![0].Str("image"));
        Assert.Equal(before["web-0"], after["web-0"].Str("metadata", "labels", "controller-revision-hash"));
        Assert.Equal(before["web-1"], after["web-1"].Str("metadata", "labels", "controller-revision-hash"));
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\s+1\s+<none>\s+2\s+<none>", (await Kubectl.RunAsync("rollout", "history", "sts/web", "-n", ns)).EnsureSuccess().Stdout);
        (await Kubectl.RunAsync("rollout", "undo", "sts/web", "-n", ns)).EnsureSuccess();
        await Poll.UntilAsync(async () => (await PodsAsync(ns)).TryGetValue("web-2", out var p) && Ready(p)
            && p["spec"]!["containers"]![0].Str("image") == TwoNodeClusterFixture.Image1, Deadline, "web-2 back on the old image");
    }

    [Fact]
    public async Task UnboundClaimsPendingProtectedClaimsAndLocalPathFollowsTheNode()
    {
        var ns = await Kubectl.NamespaceAsync("pvc");
        // No class and no volume: Pending with the binder's event, and a pod of it stays Pending with kube's message.
        await Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: orphan, namespace: {{ns}}}
            spec: {storageClassName: "", accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi} } }
            """);
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "events", "-n", ns)).Stdout.Contains(
            "no persistent volumes available for this claim and no storage class is set"), Deadline, "FailedBinding event");
        Assert.Matches(@"orphan\s+Pending", (await Kubectl.RunAsync("get", "pvc", "-n", ns)).EnsureSuccess().Stdout);

        // The default class: a Deployment's claim gets a volume on the node its pod landed on; the next pod follows it.
        await Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: PersistentVolumeClaim
            metadata: {name: shared, namespace: {{ns}}}
            spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 32Mi} } }
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app, namespace: {{ns}}}
            spec:
              replicas: 1
              selector: {matchLabels: {app: app} }
              template:
                metadata: {labels: {app: app} }
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - {name: app, image: {{TwoNodeClusterFixture.Image1}}, command: ["sleep", "3600"], volumeMounts: [{name: data, mountPath: /data}] }
                  volumes: [{name: data, persistentVolumeClaim: {claimName: shared} }]
            """);
        JsonObject? first = null;
        await Poll.UntilAsync(async () => (first = (await PodsAsync(ns, "app")).Values.FirstOrDefault(Ready)) is not null, Deadline, "the app pod running");
        var node = first!.Str("spec", "nodeName")!;
        var claim = await Kubectl.GetJsonAsync("get", "pvc", "shared", "-n", ns);
        Assert.Equal("local-path", claim.Str("spec", "storageClassName"));
        var pv = await Kubectl.GetJsonAsync("get", "pv", claim.Str("spec", "volumeName")!);
        Assert.Contains(node, pv["spec"]!["nodeAffinity"]!.ToJsonString());
        Assert.Contains($"/{node}/volumes/", pv.Str("spec", "hostPath", "path"));
        (await Kubectl.RunAsync("exec", "-n", ns, first.Str("metadata", "name")!, "--", "sh", "-c", "echo kept > /data/file")).EnsureSuccess();
        (await Kubectl.RunAsync("delete", "pod", "-n", ns, first.Str("metadata", "name")!, "--wait=false")).EnsureSuccess();
        JsonObject? second = null;
        await Poll.UntilAsync(async () => (second = (await PodsAsync(ns, "app")).Values.FirstOrDefault(p => Ready(p) && p.Str("metadata", "uid") != first.Str("metadata", "uid"))) is not null,
            Deadline, "the replacement pod running");
        Assert.Equal(node, second!.Str("spec", "nodeName"));
        Assert.Equal("kept\n", (await Kubectl.RunAsync("exec", "-n", ns, second.Str("metadata", "name")!, "--", "cat", "/data/file")).EnsureSuccess().Stdout);
        var described = (await Kubectl.RunAsync("describe", "pvc", "shared", "-n", ns)).EnsureSuccess().Stdout;
        Assert.Matches(@"Used By:\s+" + second.Str("metadata", "name"), described);
        Assert.Contains("ProvisioningSucceeded", described);
        Assert.Matches(@"pvc-\S+\s+32Mi\s+RWO\s+Delete\s+Bound\s+" + ns + "/shared\\s+local-path",
            (await Kubectl.RunAsync("get", "pv")).EnsureSuccess().Stdout);

        // A claim in use is only marked for deletion: Terminating until its pod is gone.
        var stopwatch = Stopwatch.StartNew();
        (await Kubectl.RunAsync("delete", "pvc", "shared", "-n", ns, "--wait=false")).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pvc", "shared", "-n", ns)).Stdout.Contains("Terminating"), Deadline, "claim Terminating");
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken); // the pod still runs: the claim must still be there
        Assert.Contains("Terminating", (await Kubectl.RunAsync("get", "pvc", "shared", "-n", ns)).Stdout);
        (await Kubectl.RunAsync("delete", "deployment", "app", "-n", ns)).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pvc", "shared", "-n", ns)).ExitCode != 0, Deadline, "claim gone after its pod");
        // reclaimPolicy Delete: the provisioned volume goes too.
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pv", pv.Str("metadata", "name")!)).ExitCode != 0, Deadline, "volume reclaimed");
        output.WriteLine($"claim deletion to volume reclaimed: {stopwatch.ElapsedMilliseconds} ms");
    }

    /// <summary>A measurement, not a check (run with OKUBE_TIMING=1): ordered start of 10 pods with claims against 10 Deployment replicas.</summary>
    [Fact]
    public async Task TenReplicaOrderedReadyStatefulSetAgainstTenDeploymentReplicas()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("OKUBE_TIMING") == "1", "a measurement; set OKUBE_TIMING=1 to run it");
        var ns = await Kubectl.NamespaceAsync("timing");
        (await Kubectl.RunAsync(["create", "deployment", "many", "-n", ns, $"--image={TwoNodeClusterFixture.Image1}", "--replicas=10", "--", "sleep", "3600"])).EnsureSuccess();
        var deployment = Stopwatch.StartNew();
        (await Kubectl.RunAsync(["rollout", "status", "deploy/many", "-n", ns, "--timeout=300s"], null, timeout: TimeSpan.FromSeconds(310))).EnsureSuccess();
        deployment.Stop();
        var statefulSet = Stopwatch.StartNew();
        await Kubectl.ApplyAsync(StatefulSet(ns, 10));
        (await Kubectl.RunAsync(["rollout", "status", "sts/web", "-n", ns, "--timeout=300s"], null, timeout: TimeSpan.FromSeconds(310))).EnsureSuccess();
        statefulSet.Stop();
        output.WriteLine($"10 Deployment replicas Ready: {deployment.ElapsedMilliseconds} ms; 10-replica OrderedReady StatefulSet with claims Ready: {statefulSet.ElapsedMilliseconds} ms");
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "okube-sts-timing.txt"),
            $"{DateTime.UtcNow:O} deployment={deployment.ElapsedMilliseconds}ms statefulset={statefulSet.ElapsedMilliseconds}ms\n");
        (await Kubectl.RunAsync(["delete", "namespace", ns, "--wait=false"])).EnsureSuccess();
    }
}
