using System.Net.Sockets;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// Services on real containers through the node proxy: ClusterIP and NodePort on loopback,
/// round-robin and least-connection balancing, scale and readiness following, and a rolling
/// update that loses no request.
/// </summary>
[Trait("Category", "E2E")]
public sealed class ServiceNetworkingTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private Kubectl Kubectl => cluster.Kubectl;

    /// <summary>busybox httpd serving the pod's name at / and a readiness file at /healthz; SIGTERM is delayed a moment, as a preStop sleep would.</summary>
    internal static JsonObject WebDeployment(string ns, string name, int replicas, string image = TwoNodeClusterFixture.Image1) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "Deployment",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["strategy"] = new JsonObject { ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = 0, ["maxSurge"] = 1 } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject
                {
                    ["terminationGracePeriodSeconds"] = 10,
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "web",
                        ["image"] = image,
                        ["command"] = new JsonArray("sh", "-c",
                            "mkdir -p /www && echo $POD_NAME > /www/index.html && echo ok > /www/healthz && " +
                            "httpd -f -p 8080 -h /www & pid=$!; trap 'sleep 5; kill $pid; exit 0' TERM; wait $pid"),
                        ["env"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "POD_NAME",
                            ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } },
                        }),
                        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
                        ["readinessProbe"] = new JsonObject
                        {
                            ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "http" },
                            ["periodSeconds"] = 1,
                            ["failureThreshold"] = 1,
                        },
                    }),
                },
            },
        },
    };

    internal static JsonObject Service(string ns, string name, int port, JsonNode targetPort, string? scheduler = null)
    {
        var service = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["app"] = name },
                ["ports"] = new JsonArray(new JsonObject { ["port"] = port, ["targetPort"] = targetPort }),
            },
        };
        if (scheduler is not null)
            service["metadata"]!["annotations"] = new JsonObject { ["okube.io/lb-scheduler"] = scheduler };
        return service;
    }

    [Fact]
    public async Task AClusterIpBalancesRoundRobinAndFollowsScaleReadinessAndNodePort()
    {
        var ns = await NamespaceAsync("svc-rr");
        await ApplyAsync(WebDeployment(ns, "web", 3));
        await ApplyAsync(Service(ns, "web", 80, "http"));
        var clusterIp = await ClusterIpAsync(ns, "web");
        Assert.StartsWith("127.77.", clusterIp);
        await ReadyEndpointsAsync(ns, "web", 3);

        var answers = await ServiceTraffic.CountAnswersAsync($"http://{clusterIp}/", 300);
        Assert.False(answers.ContainsKey(""), $"failed requests: {answers.GetValueOrDefault("")}");
        Assert.Equal(3, answers.Count);
        Assert.All(answers.Values, n => Assert.InRange(n, 90, 110));

        // Scaling up adds the new pods to the rotation.
        (await Kubectl.RunAsync("scale", "deployment", "web", "-n", ns, "--replicas=5")).EnsureSuccess();
        await ReadyEndpointsAsync(ns, "web", 5);
        answers = await ServiceTraffic.CountAnswersAsync($"http://{clusterIp}/", 100);
        Assert.Equal(5, answers.Count);

        // A pod that turns not-ready leaves the rotation.
        var pods = await PodNamesAsync(ns, "app=web");
        var sick = pods[0];
        (await Kubectl.RunAsync("exec", sick, "-n", ns, "--", "/bin/busybox", "rm", "/www/healthz")).EnsureSuccess();
        await ReadyEndpointsAsync(ns, "web", 4);
        // The proxy hears of it through its watch a moment later: within seconds, the pod is out.
        await Poll.UntilAsync(() => ServiceTraffic.CountAnswersAsync($"http://{clusterIp}/", 8), sample => !sample.ContainsKey(sick),
            TimeSpan.FromSeconds(10), "the not-ready pod to leave the rotation");
        answers = await ServiceTraffic.CountAnswersAsync($"http://{clusterIp}/", 100);
        Assert.DoesNotContain(sick, answers.Keys);
        Assert.Equal(4, answers.Count);

        // The same service as a NodePort answers on the node's address.
        (await Kubectl.RunAsync("patch", "service", "web", "-n", ns, "-p", """{"spec":{"type":"NodePort"}}""")).EnsureSuccess();
        var service = JsonNode.Parse((await Kubectl.RunAsync("get", "service", "web", "-n", ns, "-o", "json")).EnsureSuccess().Stdout)!;
        var nodePort = service["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();
        Assert.InRange(nodePort, 30000, 32767);
        var viaNodePort = await Poll.UntilAsync(() => ServiceTraffic.TryGetAsync($"http://127.0.0.1:{nodePort}/"), a => a is not null, Converge, "the NodePort to answer");
        Assert.Contains(viaNodePort!, pods);
        var table = (await Kubectl.RunAsync("get", "svc,ep", "-n", ns)).EnsureSuccess().Stdout;
        Assert.Contains($"80:{nodePort}/TCP", table);
        Assert.Contains(":8080", table);

        // kubectl port-forward to the service reaches one of its pods through the API silo.
        await using var forward = await PortForward.StartAsync(Kubectl.KubeconfigPath, ns, "svc/web", 80);
        var viaForward = await ServiceTraffic.TryGetAsync($"http://127.0.0.1:{forward.LocalPort}/");
        Assert.NotNull(viaForward);
        Assert.Contains(viaForward!, pods);
        Assert.NotNull(await ServiceTraffic.TryGetAsync($"http://127.0.0.1:{forward.LocalPort}/healthz"));
    }

    [Fact]
    public async Task PortForwardThroughTheApiSiloReachesAPodOnAnotherNode()
    {
        var ns = await NamespaceAsync("pf-remote");
        var deployment = WebDeployment(ns, "far", 1);
        // Node B serves no API: the API silo on node A carries the stream to node B's agent, which dials the pod.
        deployment["spec"]!["template"]!["spec"]!["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = cluster.NodeBName };
        await ApplyAsync(deployment);
        var pod = (await Poll.UntilAsync(() => PodNamesAsync(ns, "app=far"), p => p.Count == 1, Converge, "the pod")).Single();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", pod, "-n", ns, "-o", "jsonpath={.spec.nodeName} {.status.phase}")).Stdout == $"{cluster.NodeBName} Running",
            Converge, "the pod to run on node B");

        await using var forward = await PortForward.StartAsync(Kubectl.KubeconfigPath, ns, $"pod/{pod}", 8080);
        var answer = await Poll.UntilAsync(() => ServiceTraffic.TryGetAsync($"http://127.0.0.1:{forward.LocalPort}/"), a => a is not null, Converge, "the forwarded port to answer");
        Assert.Equal(pod, answer!.Trim());
    }

    [Fact]
    public async Task ARollingUpdateBehindAServiceFailsNoRequest()
    {
        var ns = await NamespaceAsync("svc-roll");
        await ApplyAsync(WebDeployment(ns, "web", 3));
        await ApplyAsync(Service(ns, "web", 80, 8080));
        var clusterIp = await ClusterIpAsync(ns, "web");
        await ReadyEndpointsAsync(ns, "web", 3);
        var before = await PodNamesAsync(ns, "app=web");
        // A client inside the cluster too: it asks for the Service by name (cluster DNS, then the ClusterIP) in a loop
        // that runs through the whole rollout and at least 300 requests (no -T: this busybox wget crashes with a timeout).
        (await Kubectl.RunAsync("run", "client", "-n", ns, $"--image={TwoNodeClusterFixture.Image1}", "--restart=Never", "--", "sleep", "3600")).EnsureSuccess();
        (await Kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/client", "-n", ns, "--timeout=90s"], timeout: Converge)).EnsureSuccess();
        var inPod = Kubectl.RunAsync(["exec", "client", "-n", ns, "--", "sh", "-c",
            "i=0; f=0; while [ ! -f /tmp/stop ] || [ $i -lt 300 ]; do wget -q -O /dev/null http://web/ || f=$((f+1)); i=$((i+1)); done; echo sent=$i failed=$f"],
            timeout: TimeSpan.FromSeconds(400));

        await ApplyAsync(WebDeployment(ns, "web", 3, TwoNodeClusterFixture.Image2));
        var rollout = Kubectl.RunAsync(["rollout", "status", "deployment/web", "-n", ns, "--timeout=300s"], timeout: TimeSpan.FromSeconds(320));
        int sent = 0, failed = 0;
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(330);
        while (!rollout.IsCompleted && DateTime.UtcNow < deadline)
        {
            var answer = await ServiceTraffic.TryGetAsync($"http://{clusterIp}/");
            sent++;
            if (answer is null) failed++;
            else seen.Add(answer);
        }
        (await rollout).EnsureSuccess();
        (await Kubectl.RunAsync("exec", "client", "-n", ns, "--", "sh", "-c", ": > /tmp/stop")).EnsureSuccess();
        var inPodCounts = (await inPod).EnsureSuccess().Stdout.Trim();

        Assert.Equal(0, failed);
        Assert.True(sent > 20, $"only {sent} requests were sent during the rollout");
        Assert.Matches(@"^sent=\d{3,} failed=0$", inPodCounts);
        TestContext.Current.SendDiagnosticMessage($"from the host: {sent} requests; from inside a pod: {inPodCounts}");
        // As in kube, rollout status may finish while old pods are still in their termination grace period.
        var after = await Poll.UntilAsync(() => PodNamesAsync(ns, "app=web"), names => !names.Intersect(before).Any(), Converge,
            "the old pods to be gone");
        Assert.Equal(3, after.Count);
        Assert.NotEmpty(seen.Intersect(after));
    }

    [Fact]
    public async Task LeastConnectionBalancesLongHeldConnections()
    {
        var ns = await NamespaceAsync("svc-lc");
        var deployment = WebDeployment(ns, "hold", 3);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        container["command"] = new JsonArray("nc", "-ll", "-p", "9000", "-e", "sh", "-c", "echo $POD_NAME; sleep 120");
        container["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 9000 });
        container.Remove("readinessProbe");
        await ApplyAsync(deployment);
        await ApplyAsync(Service(ns, "hold", 9000, 9000, scheduler: "least-connection"));
        var clusterIp = await ClusterIpAsync(ns, "hold");
        await ReadyEndpointsAsync(ns, "hold", 3);

        var held = new List<(TcpClient Connection, string Pod)>();
        try
        {
            // The proxy learns of the third endpoint a moment after the Endpoints object shows it: until six
            // connections spread two per pod, give them back and try again.
            held.AddRange(await Poll.UntilAsync(async () =>
            {
                var attempt = new List<(TcpClient Connection, string Pod)>();
                for (var i = 0; i < 6; i++)
                    attempt.Add(await ServiceTraffic.HoldAsync(clusterIp, 9000));
                if (attempt.GroupBy(h => h.Pod).Count(g => g.Count() == 2) == 3)
                    return attempt;
                foreach (var (connection, _) in attempt)
                    connection.Dispose();
                return null;
            }, a => a is not null, Converge, "six held connections spread two per pod") ?? []);

            // Free both connections of one pod: least-connection sends the next two there (round-robin would not).
            var freed = held[0].Pod;
            foreach (var connection in held.Where(h => h.Pod == freed).ToList())
            {
                connection.Connection.Dispose();
                held.Remove(connection);
            }
            // Once the proxy has seen both closes the freed pod is the least connected: a new connection lands
            // there (others that land elsewhere meanwhile are given back). The next one must follow it.
            var landed = await Poll.UntilAsync<(TcpClient Connection, string Pod)?>(async () =>
            {
                var probe = await ServiceTraffic.HoldAsync(clusterIp, 9000);
                if (probe.Pod == freed)
                    return probe;
                probe.Connection.Dispose();
                return null;
            }, p => p is not null, TimeSpan.FromSeconds(30), "a new connection on the freed pod");
            held.Add(landed!.Value);
            held.Add(await ServiceTraffic.HoldAsync(clusterIp, 9000));
            Assert.Equal(2, held.Count(h => h.Pod == freed));
            Assert.All(held.GroupBy(h => h.Pod), g => Assert.Equal(2, g.Count()));
        }
        finally
        {
            foreach (var (connection, _) in held)
                connection.Dispose();
        }
    }

    internal async Task ApplyAsync(JsonObject manifest) =>
        (await Kubectl.RunAsync(["apply", "-f", "-"], manifest.ToJsonString())).EnsureSuccess();

    private async Task<string> ClusterIpAsync(string ns, string name) =>
        (await Kubectl.RunAsync("get", "service", name, "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).EnsureSuccess().Stdout.Trim();

    internal Task ReadyEndpointsAsync(string ns, string name, int count) =>
        Poll.UntilAsync(async () =>
        {
            var endpoints = JsonNode.Parse((await Kubectl.RunAsync("get", "endpoints", name, "-n", ns, "-o", "json")).Stdout);
            var ready = (endpoints?["subsets"] as JsonArray)?.Sum(s => (s?["addresses"] as JsonArray)?.Count ?? 0) ?? 0;
            return ready == count;
        }, Converge, $"{count} ready endpoints of {name}");

    internal async Task<List<string>> PodNamesAsync(string ns, string selector) =>
        (await Kubectl.RunAsync("get", "pods", "-n", ns, "-l", selector, "--field-selector=status.phase=Running", "-o", "jsonpath={.items[*].metadata.name}"))
        .EnsureSuccess().Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();

    internal async Task<string> NamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 7)];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }
}
