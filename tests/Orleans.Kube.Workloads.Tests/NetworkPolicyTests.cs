using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// NetworkPolicy on real containers: the pod network's forwarder (pod -> pod IP) and the node proxy
/// (pod or host -> ClusterIP) refuse what the policies of the namespace do not allow, and follow policy changes.
/// </summary>
[Trait("Category", "E2E")]
public sealed class NetworkPolicyTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PolicyChange = TimeSpan.FromSeconds(10);
    private Kubectl Kubectl => cluster.Kubectl;

    private static JsonObject Pod(string ns, string name, string app, JsonObject container) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = app } },
        ["spec"] = new JsonObject { ["terminationGracePeriodSeconds"] = 0, ["containers"] = new JsonArray(container) },
    };

    /// <summary>A client that also serves "self" on its own localhost at a port of the NodePort range.</summary>
    private static JsonObject Sleeper() => new()
    {
        ["name"] = "client",
        ["image"] = TwoNodeClusterFixture.Image1,
        ["command"] = new JsonArray("sh", "-c", $"mkdir -p /self && echo self > /self/index.html && httpd -p 127.0.0.1:{LocalPort} -h /self && exec sleep 3600"),
    };

    private const int LocalPort = 31999;

    private static JsonObject Web() => new()
    {
        ["name"] = "web",
        ["image"] = TwoNodeClusterFixture.Image1,
        ["command"] = new JsonArray("sh", "-c", "mkdir -p /www && echo backend > /www/index.html && exec httpd -f -p 8080 -h /www"),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = 8080 }),
    };

    private static JsonObject Policy(string ns, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = "networking.k8s.io/v1",
        ["kind"] = "NetworkPolicy",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = spec,
    };

    private static JsonObject Selects(string app) => new() { ["matchLabels"] = new JsonObject { ["app"] = app } };

    [Fact]
    public async Task PoliciesCloseAndReopenPodAndServiceTraffic()
    {
        var ns = $"netpol-{Guid.NewGuid():N}"[..14];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        await ApplyAsync(Pod(ns, "backend", "backend", Web()));
        await ApplyAsync(Pod(ns, "frontend", "frontend", Sleeper()));
        await ApplyAsync(Pod(ns, "stranger", "stranger", Sleeper()));
        var service = ServiceNetworkingTests.Service(ns, "backend", 8080, "http");
        service["spec"]!["type"] = "NodePort";
        await ApplyAsync(service);
        (await Kubectl.RunAsync(["wait", "--for=condition=Ready", "pod", "--all", "-n", ns, "--timeout=90s"], timeout: Converge)).EnsureSuccess();
        var podIp = (await Kubectl.RunAsync("get", "pod", "backend", "-n", ns, "-o", "jsonpath={.status.podIP}")).EnsureSuccess().Stdout.Trim();
        var clusterIp = (await Kubectl.RunAsync("get", "service", "backend", "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).EnsureSuccess().Stdout.Trim();
        var nodePort = (await Kubectl.RunAsync("get", "service", "backend", "-n", ns, "-o", "jsonpath={.spec.ports[0].nodePort}")).EnsureSuccess().Stdout.Trim();
        var byPod = $"http://{podIp}:8080/";
        var byService = $"http://{clusterIp}:8080/";
        var byNodePort = $"http://127.0.0.1:{nodePort}/";
        await UntilAsync(ns, "stranger", byService, reachable: true, Converge);
        await UntilAsync(ns, "stranger", byPod, reachable: true, Converge);
        // The node's address (status.hostIP, 127.0.0.1) at a NodePort reaches the Service from inside a pod, while
        // the pod's own listener on localhost at another port of the range stays its own.
        Assert.Equal("backend", await GetAsync(ns, "stranger", byNodePort));
        Assert.Equal("self", await GetAsync(ns, "stranger", $"http://127.0.0.1:{LocalPort}/"));
        var host = $"{ns}.example.test";
        (await Kubectl.RunAsync("create", "ingress", "backend", "-n", ns, $"--rule={host}/*=backend:8080")).EnsureSuccess();
        await Poll.UntilAsync(() => ThroughIngressAsync(host), status => status == HttpStatusCode.OK, Converge, "the backend through the ingress proxy");

        // Validated as kube validates it, refused whole.
        var invalid = await Kubectl.RunAsync(["apply", "-f", "-"], Policy(ns, "bad", new JsonObject
        {
            ["podSelector"] = new JsonObject(),
            ["ingress"] = new JsonArray(new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["port"] = "http", ["endPort"] = 9000 }) }),
        }).ToJsonString());
        Assert.Contains("spec.ingress[0].ports[0].endPort: Invalid value: 9000: may not be specified when `port` is non-numeric", invalid.Stderr);
        Assert.Contains("No resources found", (await Kubectl.RunAsync("get", "netpol", "-n", ns)).Stderr);

        // Default-deny ingress: nobody reaches the backend, by pod IP or Service, from a pod or from the host.
        await ApplyAsync(Policy(ns, "deny-ingress", new JsonObject { ["podSelector"] = new JsonObject() }));
        Assert.Contains("deny-ingress   <none>", (await Kubectl.RunAsync("get", "netpol", "-n", ns)).EnsureSuccess().Stdout);
        Assert.Equal("Ingress", (await Kubectl.RunAsync("get", "netpol", "deny-ingress", "-n", ns, "-o", "jsonpath={.spec.policyTypes[*]}")).Stdout.Trim());
        await UntilAsync(ns, "stranger", byService, reachable: false, PolicyChange);
        Assert.False(await ReachesAsync(ns, "stranger", byPod));
        Assert.False(await ReachesAsync(ns, "stranger", byNodePort));
        Assert.Null(await ServiceTraffic.TryGetAsync($"http://127.0.0.1:{nodePort}/"));
        Assert.Null(await ServiceTraffic.TryGetAsync(byService));
        Assert.Equal(HttpStatusCode.BadGateway, await ThroughIngressAsync(host));

        // Connections the node makes (ingress proxy, host clients of the node proxy) are ipBlock sources: 127.0.0.1/32 admits them.
        await ApplyAsync(Policy(ns, "allow-node", new JsonObject
        {
            ["podSelector"] = new JsonObject(),
            ["ingress"] = new JsonArray(new JsonObject
            {
                ["from"] = new JsonArray(new JsonObject { ["ipBlock"] = new JsonObject { ["cidr"] = "127.0.0.1/32" } }),
            }),
        }));
        await Poll.UntilAsync(() => ThroughIngressAsync(host), status => status == HttpStatusCode.OK, PolicyChange, "the ingress proxy admitted by ipBlock");
        // Both silos' node proxies listen on the ClusterIP (shared listeners): each applies the policy when its own watch sees it.
        await Poll.UntilAsync(() => ServiceTraffic.TryGetAsync(byService), body => body is not null, PolicyChange, "the host admitted by ipBlock through the Service");
        Assert.False(await ReachesAsync(ns, "stranger", byService));
        Assert.False(await ReachesAsync(ns, "frontend", byService));

        // Allow app=frontend into app=backend: the frontend gets through, the stranger still does not.
        await ApplyAsync(Policy(ns, "allow-frontend", new JsonObject
        {
            ["podSelector"] = Selects("backend"),
            ["ingress"] = new JsonArray(new JsonObject
            {
                ["from"] = new JsonArray(new JsonObject { ["podSelector"] = Selects("frontend") }),
                ["ports"] = new JsonArray(new JsonObject { ["port"] = "http" }),
            }),
        }));
        await UntilAsync(ns, "frontend", byService, reachable: true, PolicyChange);
        var described = (await Kubectl.RunAsync("describe", "netpol", "allow-frontend", "-n", ns)).EnsureSuccess().Stdout;
        Assert.Matches(@"Allowing ingress traffic:\s+To Port: http/TCP\s+From:\s+PodSelector: app=frontend", described);
        Assert.Contains("Not affecting egress traffic", described);
        Assert.True(await ReachesAsync(ns, "frontend", byPod));
        Assert.False(await ReachesAsync(ns, "stranger", byService));
        Assert.False(await ReachesAsync(ns, "stranger", byPod));

        // Egress deny on the frontend closes its side too.
        await ApplyAsync(Policy(ns, "deny-frontend-egress", new JsonObject
        {
            ["podSelector"] = Selects("frontend"),
            ["policyTypes"] = new JsonArray("Egress"),
        }));
        await UntilAsync(ns, "frontend", byPod, reachable: false, PolicyChange);
        Assert.False(await ReachesAsync(ns, "frontend", byService));

        // Removing the policies restores traffic within a bounded poll.
        (await Kubectl.RunAsync("delete", "netpol", "--all", "-n", ns)).EnsureSuccess();
        var restoring = Stopwatch.StartNew();
        await UntilAsync(ns, "stranger", byService, reachable: true, PolicyChange);
        TestContext.Current.TestOutputHelper?.WriteLine($"traffic restored {restoring.ElapsedMilliseconds} ms after the delete");
        // The watch-fed cache follows within 2 s; one kubectl exec round trip on top.
        Assert.True(restoring.Elapsed <= TimeSpan.FromSeconds(3), $"restored only after {restoring.Elapsed}");
        Assert.True(await ReachesAsync(ns, "frontend", byPod));
        Assert.NotNull(await ServiceTraffic.TryGetAsync(byService));
        (await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false")).EnsureSuccess();
    }

    private async Task ApplyAsync(JsonObject manifest) =>
        (await Kubectl.RunAsync(["apply", "-f", "-"], manifest.ToJsonString())).EnsureSuccess();

    /// <summary>One GET from inside <paramref name="pod"/>; a connection NetworkPolicy refuses is reset, so this fails at once.</summary>
    private async Task<bool> ReachesAsync(string ns, string pod, string url) =>
        (await Kubectl.RunAsync("exec", pod, "-n", ns, "--", "wget", "-q", "-O", "-", url)).ExitCode == 0;

    private Task<HttpStatusCode?> ThroughIngressAsync(string host) =>
        ServiceTraffic.StatusAsync(Http, $"http://127.0.0.1:{cluster.IngressHttpPort}/", host);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private async Task<string> GetAsync(string ns, string pod, string url) =>
        (await Kubectl.RunAsync("exec", pod, "-n", ns, "--", "wget", "-q", "-O", "-", url)).EnsureSuccess().Stdout.Trim();

    private Task UntilAsync(string ns, string pod, string url, bool reachable, TimeSpan timeout) =>
        Poll.UntilAsync(async () => await ReachesAsync(ns, pod, url) == reachable, timeout, $"{url} {(reachable ? "reachable" : "refused")} from {pod}");
}
