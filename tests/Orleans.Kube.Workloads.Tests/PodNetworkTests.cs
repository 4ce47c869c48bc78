using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// The pod network on real containers: one namespace per pod (containers share localhost and
/// survive each other's restarts), Services and pods reached from inside a pod by address and by
/// name through the cluster DNS, and the files and variables kubelet gives a pod.
/// </summary>
[Trait("Category", "E2E")]
public sealed class PodNetworkTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private Kubectl Kubectl => cluster.Kubectl;

    private static JsonObject Web(string name) => new()
    {
        ["name"] = name,
        ["image"] = TwoNodeClusterFixture.Image1,
        ["command"] = new JsonArray("sh", "-c", "mkdir -p /www && echo $POD_NAME > /www/index.html && exec httpd -f -p 8080 -h /www"),
        ["env"] = new JsonArray(new JsonObject
        {
            ["name"] = "POD_NAME",
            ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = "metadata.name" } },
        }),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
    };

    [Fact]
    public async Task PodsShareLocalhostAndReachServicesAndPodsByNameAndAddress()
    {
        var ns = $"podnet-{Guid.NewGuid():N}"[..14];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        await ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "backend", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 2,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "backend" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "backend" } },
                    ["spec"] = new JsonObject { ["containers"] = new JsonArray(Web("web")) },
                },
            },
        });
        await ApplyAsync(Service(ns, "backend", null));
        await ApplyAsync(Service(ns, "backend-headless", "None"));
        var clusterIp = (await Kubectl.RunAsync("get", "service", "backend", "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).EnsureSuccess().Stdout.Trim();
        var backendIps = await Poll.UntilAsync(async () =>
            (await Kubectl.RunAsync("get", "pods", "-n", ns, "-l", "app=backend", "--field-selector=status.phase=Running", "-o", "jsonpath={.items[*].status.podIP}"))
            .Stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries), ips => ips.Length == 2, Converge, "two running backends");

        // A pod of two containers: the sidecar reaches its neighbour on localhost.
        var duo = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "duo", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["hostAliases"] = new JsonArray(new JsonObject { ["ip"] = "127.1.2.3", ["hostnames"] = new JsonArray("alias.example") }),
                ["containers"] = new JsonArray(Web("web"), new JsonObject
                {
                    ["name"] = "sidecar",
                    ["image"] = TwoNodeClusterFixture.Image1,
                    ["command"] = new JsonArray("sleep", "3600"),
                }),
            },
        };
        await ApplyAsync(duo);
        (await Kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/duo", "-n", ns, "--timeout=90s"], timeout: Converge)).EnsureSuccess();
        var podIp = (await Kubectl.RunAsync("get", "pod", "duo", "-n", ns, "-o", "jsonpath={.status.podIP}")).EnsureSuccess().Stdout.Trim();
        Assert.Equal("duo", await SidecarAsync(ns, "http://127.0.0.1:8080/"));

        // Services and pods by address and by name, from inside the pod.
        foreach (var url in new[] { $"http://{clusterIp}:8080/", "http://backend:8080/", $"http://backend.{ns}:8080/", $"http://backend.{ns}.svc.cluster.local:8080/", $"http://{backendIps[0]}:8080/" })
            Assert.StartsWith("backend-", await SidecarAsync(ns, url));
        var lookup = await ExecAsync(ns, "busybox", "nslookup", $"backend-headless.{ns}.svc.cluster.local");
        Assert.All(backendIps, ip => Assert.Contains(ip, lookup));
        // busybox nslookup tries every search domain at once and exits 1 when any of them is NXDOMAIN.
        var shortName = await Kubectl.RunAsync("exec", "duo", "-n", ns, "-c", "sidecar", "--", "busybox", "nslookup", "backend");
        Assert.Contains($"Name:\tbackend.{ns}.svc.cluster.local\nAddress: {clusterIp}", shortName.Stdout);

        // The API through the kubernetes Service, by name from inside the pod: the TLS server answers (busybox's own
        // TLS offers no signature algorithms, i.e. SHA-1, which the silo's OpenSSL 3 refuses with alert 40; kube's Go
        // server would take it). A refused or unreachable connection would fail earlier, in the TCP connect.
        Assert.Contains("KUBERNETES_SERVICE_HOST=", await ExecAsync(ns, "env"));
        var api = await Kubectl.RunAsync("exec", "duo", "-n", ns, "-c", "sidecar", "--", "wget", "-q", "-O", "-", "--no-check-certificate",
            "https://kubernetes.default.svc/healthz");
        Assert.Contains("TLS error from peer (alert code 40)", api.Stderr);

        // The pod's ServiceAccount credentials: the namespace, the cluster CA and a token the API accepts as
        // the pod's account (busybox's TLS cannot talk to a modern server, so the token is tried from the host).
        const string accountDir = "/var/run/secrets/kubernetes.io/serviceaccount";
        Assert.Equal(ns, await ExecAsync(ns, "cat", $"{accountDir}/namespace"));
        Assert.Equal(File.ReadAllText(ClusterCredentials.CaPath).Trim(), (await ExecAsync(ns, "cat", $"{accountDir}/ca.crt")).Trim());
        var token = await ExecAsync(ns, "cat", $"{accountDir}/token");
        using (var asPod = new HttpClient(ClusterCredentials.CreateHandler(asAdmin: false)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{cluster.NodeA.HttpUrl}/api/v1/namespaces/{ns}/pods");
            request.Headers.Authorization = new("Bearer", token);
            using var answer = await asPod.SendAsync(request, TestContext.Current.CancellationToken);
            var status = JsonNode.Parse(await answer.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
            Assert.Contains($"User \"system:serviceaccount:{ns}:default\" cannot list resource \"pods\"", status["message"]!.GetValue<string>());
        }

        // What kubelet gives the pod: resolv.conf, hosts, hostname and the Service variables.
        var resolv = await ExecAsync(ns, "cat", "/etc/resolv.conf");
        Assert.Contains($"search {ns}.svc.cluster.local svc.cluster.local cluster.local", resolv);
        Assert.Contains("options ndots:5", resolv);
        var hosts = await ExecAsync(ns, "cat", "/etc/hosts");
        Assert.Contains($"{podIp}\tduo", hosts);
        Assert.Contains("127.1.2.3\talias.example", hosts);
        Assert.Equal("duo", (await ExecAsync(ns, "hostname")).Trim());
        Assert.Contains($"BACKEND_SERVICE_HOST={clusterIp}", await ExecAsync(ns, "env"));

        // Killing the web container keeps the pod's namespace: same IP, and the sidecar reaches the restarted web.
        var web = await Docker.ContainersAsync(new Dictionary<string, string> { ["okube.pod.name"] = "duo", ["okube.pod.namespace"] = ns, ["okube.container"] = "web" });
        await Docker.KillAsync(web.Single());
        await Poll.UntilAsync(async () => await TrySidecarAsync(ns, "http://127.0.0.1:8080/") == "duo"
            && (await Kubectl.RunAsync("get", "pod", "duo", "-n", ns, "-o", "jsonpath={.status.containerStatuses[?(@.name==\"web\")].restartCount}")).Stdout.Trim() == "1",
            Converge, "the restarted web container on the sidecar's localhost");
        Assert.Equal(podIp, (await Kubectl.RunAsync("get", "pod", "duo", "-n", ns, "-o", "jsonpath={.status.podIP}")).EnsureSuccess().Stdout.Trim());
        // For measuring by hand (pod-to-Service throughput, DNS latency): keep the pods a while.
        if (int.TryParse(Environment.GetEnvironmentVariable("OKUBE_PODNET_HOLD_SECONDS"), out var hold))
            await Task.Delay(TimeSpan.FromSeconds(hold), TestContext.Current.CancellationToken);
        (await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false")).EnsureSuccess();
    }

    [Fact]
    public async Task ANotReadyPodLeavesTheHeadlessAnswerAndTheEndpointsWithinTwoSeconds()
    {
        var ns = $"ready-{Guid.NewGuid():N}"[..14];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        var web = Web("web");
        web["command"] = new JsonArray("sh", "-c", "mkdir -p /www && echo ok > /www/healthz && exec httpd -f -p 8080 -h /www");
        web["readinessProbe"] = new JsonObject
        {
            ["httpGet"] = new JsonObject { ["path"] = "/healthz", ["port"] = "http" },
            ["periodSeconds"] = 1,
            ["failureThreshold"] = 1,
        };
        await ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "backend", ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = "backend" } },
            ["spec"] = new JsonObject { ["terminationGracePeriodSeconds"] = 0, ["containers"] = new JsonArray(web) },
        });
        await ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "duo", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["terminationGracePeriodSeconds"] = 0,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "sidecar", ["image"] = TwoNodeClusterFixture.Image1, ["command"] = new JsonArray("sleep", "3600") }),
            },
        });
        await ApplyAsync(Service(ns, "backend-headless", "None"));
        (await Kubectl.RunAsync(["wait", "--for=condition=Ready", "pod", "--all", "-n", ns, "--timeout=90s"], timeout: Converge)).EnsureSuccess();
        var podIp = (await Kubectl.RunAsync("get", "pod", "backend", "-n", ns, "-o", "jsonpath={.status.podIP}")).EnsureSuccess().Stdout.Trim();
        var name = $"backend-headless.{ns}.svc.cluster.local";
        await Poll.UntilAsync(() => LookupAsync(ns, name), answer => answer.Contains(podIp), Converge, "the ready pod in the headless answer");

        // The probe fails from now on: within one probe period the pod is not ready, and within 2 s more
        // its endpoint is not ready and the cluster DNS no longer answers its IP.
        var notReady = System.Diagnostics.Stopwatch.StartNew();
        await ExecInAsync(ns, "backend", "web", "busybox", "rm", "/www/healthz");
        var endpointGone = await Poll.UntilAsync(async () => await EndpointReadyAsync(ns, podIp) == false ? notReady.Elapsed : (TimeSpan?)null,
            t => t is not null, TimeSpan.FromSeconds(10), "the endpoint not ready");
        var dnsGone = await Poll.UntilAsync(async () => (await LookupAsync(ns, name)).Contains(podIp) ? null : (TimeSpan?)notReady.Elapsed,
            t => t is not null, TimeSpan.FromSeconds(10), "the pod out of the headless answer");
        TestContext.Current.TestOutputHelper?.WriteLine($"endpoint not ready after {endpointGone!.Value.TotalMilliseconds:0} ms, out of DNS after {dnsGone!.Value.TotalMilliseconds:0} ms");
        // One probe period (1 s) to notice, then 2 s to reach the endpoints and the DNS.
        Assert.True(dnsGone <= TimeSpan.FromSeconds(3), $"out of DNS only after {dnsGone}");
        Assert.True(endpointGone <= TimeSpan.FromSeconds(3), $"endpoint not ready only after {endpointGone}");

        // Ready again: back in the answer.
        await ExecInAsync(ns, "backend", "web", "sh", "-c", "echo ok > /www/healthz");
        await Poll.UntilAsync(async () => (await LookupAsync(ns, name)).Contains(podIp), TimeSpan.FromSeconds(10), "the pod back in the headless answer");
        (await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false")).EnsureSuccess();
    }

    [Fact]
    public async Task PortsAPodNeverDeclaredAnswerThroughAServiceMadeLaterThePodIpAndPortForward()
    {
        // In kube containerPort is informational: whatever the container listens on is reachable. This pod declares
        // nothing; its Service comes after it (as `kubectl create deployment` then `kubectl expose` do); the client
        // pod runs on the other node, so its connections cross from one silo's pod to another's.
        var ns = $"undecl-{Guid.NewGuid():N}"[..14];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        await ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "quiet", ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = "quiet" } },
            ["spec"] = new JsonObject
            {
                ["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = cluster.NodeAName },
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "web",
                    ["image"] = TwoNodeClusterFixture.Image1,
                    // One server on every address, one on the pod's localhost only (kube's port-forward reaches both).
                    ["command"] = new JsonArray("sh", "-c",
                        "mkdir -p /www /local && echo undeclared > /www/index.html && echo loopback-only > /local/index.html && "
                        + "httpd -p 127.0.0.1:9090 -h /local && exec httpd -f -p 8080 -h /www"),
                }),
            },
        });
        await ApplyAsync(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "duo", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = cluster.NodeBName },
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "sidecar", ["image"] = TwoNodeClusterFixture.Image1, ["command"] = new JsonArray("sleep", "3600") }),
            },
        });
        foreach (var pod in new[] { "quiet", "duo" })
            (await Kubectl.RunAsync(["wait", "--for=condition=Ready", $"pod/{pod}", "-n", ns, "--timeout=90s"], timeout: Converge)).EnsureSuccess();
        (await Kubectl.RunAsync("expose", "pod", "quiet", "-n", ns, "--port", "80", "--target-port", "8080")).EnsureSuccess();
        var clusterIp = (await Kubectl.RunAsync("get", "service", "quiet", "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).EnsureSuccess().Stdout.Trim();
        var podIp = (await Kubectl.RunAsync("get", "pod", "quiet", "-n", ns, "-o", "jsonpath={.status.podIP}")).EnsureSuccess().Stdout.Trim();

        Assert.Equal("undeclared", await Poll.UntilAsync(() => ServiceTraffic.TryGetAsync($"http://{clusterIp}/"), a => a is not null, Converge, "the ClusterIP from the host"));
        foreach (var url in new[] { "http://quiet/", $"http://{podIp}:8080/" })
            Assert.Equal("undeclared", await SidecarAsync(ns, url));
        await using (var forward = await PortForward.StartAsync(Kubectl.KubeconfigPath, ns, "pod/quiet", 9090))
            Assert.Equal("loopback-only", await Poll.UntilAsync(() => ServiceTraffic.TryGetAsync($"http://127.0.0.1:{forward.LocalPort}/"),
                a => a is not null, TimeSpan.FromSeconds(30), "the pod's localhost-only server through port-forward"));
        // A port nothing listens on fails at once: the pod's forwarder has already accepted the connection, so the
        // refusal reaches the client as a reset.
        var refused = await Kubectl.RunAsync("exec", "duo", "-n", ns, "-c", "sidecar", "--", "wget", "-q", "-O", "-", $"http://{podIp}:8081/");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Connection reset by peer", refused.Stderr);
        (await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false")).EnsureSuccess();
    }

    private async Task<string> LookupAsync(string ns, string name)
    {
        var result = await Kubectl.RunAsync("exec", "duo", "-n", ns, "-c", "sidecar", "--", "busybox", "nslookup", name);
        return result.Stdout + result.Stderr;
    }

    /// <summary>The ready condition of the endpoint with <paramref name="ip"/> in the namespace's EndpointSlices; null when not listed.</summary>
    private async Task<bool?> EndpointReadyAsync(string ns, string ip)
    {
        var slices = JsonNode.Parse(await ClusterCredentials.Http.GetStringAsync($"{cluster.NodeA.HttpUrl}/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices"))!;
        var endpoint = slices["items"]!.AsArray().SelectMany(s => s!["endpoints"]?.AsArray() ?? [])
            .FirstOrDefault(e => e!["addresses"]!.AsArray().Any(a => a!.GetValue<string>() == ip));
        return endpoint is null ? null : endpoint["conditions"]?["ready"]?.GetValue<bool>() != false;
    }

    private async Task ExecInAsync(string ns, string pod, string container, params string[] command) =>
        (await Kubectl.RunAsync(["exec", pod, "-n", ns, "-c", container, "--", .. command])).EnsureSuccess();

    private static JsonObject Service(string ns, string name, string? clusterIp)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = "backend" },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 8080, ["targetPort"] = "http" }),
        };
        if (clusterIp is not null)
            spec["clusterIP"] = clusterIp;
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        };
    }

    private async Task ApplyAsync(JsonObject manifest) =>
        (await Kubectl.RunAsync(["apply", "-f", "-"], manifest.ToJsonString())).EnsureSuccess();

    private async Task<string> ExecAsync(string ns, params string[] command) =>
        (await Kubectl.RunAsync(["exec", "duo", "-n", ns, "-c", "sidecar", "--", .. command])).EnsureSuccess().Stdout;

    private async Task<string> SidecarAsync(string ns, string url) =>
        await Poll.UntilAsync(() => TrySidecarAsync(ns, url), a => a is { Length: > 0 }, TimeSpan.FromSeconds(10), $"{url} from inside the pod") ?? "";

    private async Task<string?> TrySidecarAsync(string ns, string url)
    {
        var result = await Kubectl.RunAsync("exec", "duo", "-n", ns, "-c", "sidecar", "--", "wget", "-q", "-O", "-", url);
        return result.ExitCode == 0 ? result.Stdout.Trim() : null;
    }
}
