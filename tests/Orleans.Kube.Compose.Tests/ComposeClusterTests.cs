using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Compose.Tests;

/// <summary>
/// The Compose deployment of README's "Three silos with Compose", proven by killing a silo: built
/// from local images, three Ready nodes, a spread Deployment, kill -9 of one silo under a client
/// loop, its pods replaced, and the silo brought back by Compose rejoining and removing its orphans;
/// then PostgreSQL restarted, handing the silos' role what the superuser made.
/// </summary>
[Trait("Category", "Compose")]
public sealed class ComposeClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Converge = TimeSpan.FromMinutes(4);
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(10), ComposeCluster.PkiDir);
    private ComposeCluster? cluster;

    public async ValueTask InitializeAsync() => cluster = await ComposeCluster.UpAsync();

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
            await cluster.DisposeAsync();
    }

    [Fact]
    public async Task KillingOneSiloLosesNothingAndItsPodsMoveAndItRejoins()
    {
        var kubectl = cluster!.Kubectl;
        await Poll.UntilAsync(async () => (await ReadyNodesAsync()).Count == 3, Converge, "three Ready nodes");
        await kubectl.RunAsync(["create", "deployment", "web", "--image=okube/busybox:1", "--replicas=6", "--", "sleep", "3600"]);
        (await kubectl.RunAsync(["rollout", "status", "deployment/web", "--timeout=240s"], timeout: Converge)).EnsureSuccess();
        var placed = await PodsAsync();
        Assert.Equal(ComposeCluster.Silos, placed.Select(p => p.Node).Distinct().Order());
        // The pod network under Compose (the silo image carries nsenter and iptables-restore): from inside a pod the
        // API answers through the kubernetes Service by name. Its TLS server is reached; busybox's SHA-1-only TLS is
        // then refused (docs/security.md). Without the in-pod redirect the connect itself would be refused.
        var inPod = await kubectl.RunAsync("exec", placed[0].Name, "--", "wget", "-q", "-O", "-", "--no-check-certificate", "https://kubernetes.default.svc/healthz");
        Assert.Contains("TLS error from peer (alert code 40)", inPod.Stderr);

        // The client goes through the kubernetes Service's ClusterIP, as a user's kubeconfig pointing at it does: every silo's
        // node proxy listens there (SO_REUSEPORT), and the Service's endpoints are the live API silos.
        var loop = new ClientLoop([await KubernetesServiceUrlAsync()], maxRequests: 5_000, maxDuration: TimeSpan.FromMinutes(5));
        loop.Start();
        var clock = Stopwatch.StartNew();
        await ComposeCluster.KillAndKeepDownAsync("silo-b");
        var timeline = await FailoverTimelineAsync(clock);
        TestContext.Current.SendDiagnosticMessage($"failover after kill -9 of silo-b: {timeline}");

        // The pods that ran on silo-b left containers behind; Compose brings the silo back, which removes them.
        var orphanedBefore = await OrphanContainersAsync("silo-b");
        Assert.NotEmpty(orphanedBefore);
        await ComposeCluster.ComposeAsync("up", "-d", "silo-b");
        await Poll.UntilAsync(async () => (await ReadyNodesAsync()).Contains("silo-b"), Converge, "silo-b to rejoin as a Ready node");
        await Poll.UntilAsync(async () => (await OrphanContainersAsync("silo-b")).Count == 0, Converge, "silo-b to remove the containers of its replaced pods");

        await loop.StopAfterAsync(minRequests: 500);
        TestContext.Current.SendDiagnosticMessage($"client loop: {loop.Requests} requests, longest gap {loop.LongestGap.TotalSeconds:0.00} s, {loop.FailedWrites} writes failed");
        Assert.True(loop.Requests >= 500, $"only {loop.Requests} requests");
        Assert.Empty(loop.FailedReads);
        var ct = TestContext.Current.CancellationToken;
        using var configMaps = await Http.GetAsync($"{ComposeCluster.ApiUrl("silo-c")}/api/v1/namespaces/default/configmaps", ct);
        var stored = JsonNode.Parse(await configMaps.Content.ReadAsStringAsync(ct))!["items"]!.AsArray()
            .Select(i => (string)i!["metadata"]!["name"]!).ToHashSet();
        Assert.All(loop.AcknowledgedWrites, name => Assert.Contains(name, stored));

        await kubectl.RunAsync(["delete", "deployment", "web"]);

        await SilosConnectAsTheOkubeRoleWhichOwnsWhatTheSuperuserMadeAfterARestartAsync();
    }

    /// <summary>The silos' PostgreSQL role is no superuser; objects the superuser made (an older volume) are handed to it at PostgreSQL's next start.</summary>
    private async Task SilosConnectAsTheOkubeRoleWhichOwnsWhatTheSuperuserMadeAfterARestartAsync()
    {
        Assert.Equal(["okube"], await ComposeCluster.QueryAsync(
            "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = 'okube' AND pid <> pg_backend_pid() AND usename IS NOT NULL"));
        Assert.Equal(["False"], await ComposeCluster.QueryAsync("SELECT rolsuper FROM pg_roles WHERE rolname = 'okube'"));

        // A volume from before the role: objects the superuser made. PostgreSQL's next start hands them over.
        await ComposeCluster.QueryAsync("CREATE TABLE legacy_rows (id serial PRIMARY KEY); CREATE FUNCTION legacy_one() RETURNS int LANGUAGE sql AS 'SELECT 1'; SELECT 1");
        await ComposeCluster.ComposeAsync("restart", "postgres");
        var owners = await Poll.UntilAsync(async () =>
        {
            try
            {
                return await ComposeCluster.QueryAsync("""
                    SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'
                    UNION SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
                    UNION SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class WHERE relkind = 'S' AND relnamespace = 'public'::regnamespace
                    """);
            }
            catch (Npgsql.NpgsqlException)
            {
                return null;
            }
        }, rows => rows is not null, Converge, "PostgreSQL to be back");
        Assert.Equal(["okube"], owners);
        // And the cluster keeps working on it.
        await Poll.UntilAsync(async () => (await ReadyNodesAsync()).Count == 3, Converge, "three Ready nodes after the restart");
    }

    /// <summary>Seconds from the kill to: (a) membership declaring silo-b dead, (b) every pod's grain answering writes, (c) node NotReady, (d) 6 Ready pods elsewhere.</summary>
    private async Task<string> FailoverTimelineAsync(Stopwatch clock)
    {
        double? dead = null, grains = null, notReady = null, replaced = null;
        var deadline = clock.Elapsed + Converge;
        for (var round = 0; new[] { dead, grains, notReady, replaced }.Any(t => t is null); round++)
        {
            if (clock.Elapsed > deadline)
                throw new TimeoutException($"failover incomplete: dead {dead}, grains {grains}, NotReady {notReady}, replaced {replaced}");
            dead ??= await ComposeCluster.MembershipStatusAsync(11122) == 6 ? clock.Elapsed.TotalSeconds : null;
            notReady ??= !(await ReadyNodesAsync()).Contains("silo-b") ? clock.Elapsed.TotalSeconds : null;
            var pods = await PodsAsync();
            grains ??= await AllPodsWritableAsync(pods, round) ? clock.Elapsed.TotalSeconds : null;
            replaced ??= pods.Count(p => p.Ready && p.Node != "silo-b") == 6 ? clock.Elapsed.TotalSeconds : null;
            await Task.Delay(200);
        }
        return $"(a) dead in membership {dead:0.0} s, (b) grains answering {grains:0.0} s, (c) node NotReady {notReady:0.0} s, (d) pods replaced {replaced:0.0} s";
    }

    private static async Task<bool> AllPodsWritableAsync(IReadOnlyList<PodView> pods, int round)
    {
        try
        {
            var patches = pods.Select(async pod =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Patch, $"{ComposeCluster.ApiUrl("silo-a")}/api/v1/namespaces/default/pods/{pod.Name}")
                {
                    Content = new StringContent("{\"metadata\":{\"annotations\":{\"okube.test/probe\":\"" + round + "\"}}}", Encoding.UTF8, "application/merge-patch+json"),
                };
                using var response = await Http.SendAsync(request);
                return response.IsSuccessStatusCode;
            });
            return (await Task.WhenAll(patches)).All(ok => ok);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<string> KubernetesServiceUrlAsync()
    {
        using var response = await Http.GetAsync($"{ComposeCluster.ApiUrl("silo-a")}/api/v1/namespaces/default/services/kubernetes");
        response.EnsureSuccessStatusCode();
        var service = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var url = $"https://{(string)service["spec"]!["clusterIP"]!}:443";
        // Each silo's serving certificate names the ClusterIP once it has seen the Service: wait until the address answers.
        await Poll.UntilAsync(async () =>
        {
            try { using var ready = await Http.GetAsync($"{url}/readyz"); return ready.IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, Converge, "the kubernetes Service's ClusterIP to answer");
        return url;
    }

    private sealed record PodView(string Name, string Uid, string? Node, bool Ready);

    private static async Task<IReadOnlyList<PodView>> PodsAsync()
    {
        using var response = await Http.GetAsync($"{ComposeCluster.ApiUrl("silo-a")}/api/v1/namespaces/default/pods?labelSelector=app%3Dweb");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray()
            .Select(p => new PodView(
                (string)p!["metadata"]!["name"]!,
                (string)p["metadata"]!["uid"]!,
                (string?)p["spec"]?["nodeName"],
                p["metadata"]!["deletionTimestamp"] is null &&
                p["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Ready" && (string?)c["status"] == "True") == true))
            .ToList();
    }

    private static async Task<IReadOnlyList<string>> ReadyNodesAsync()
    {
        using var response = await Http.GetAsync($"{ComposeCluster.ApiUrl("silo-a")}/api/v1/nodes");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray()
            .Where(n => n!["status"]?["conditions"]?.AsArray().Any(c => (string?)c!["type"] == "Ready" && (string?)c["status"] == "True") == true)
            .Select(n => (string)n!["metadata"]!["name"]!)
            .ToList();
    }

    /// <summary>Containers on the node that belong to no pod bound there any more.</summary>
    private static async Task<IReadOnlyList<string>> OrphanContainersAsync(string node)
    {
        var live = (await PodsAsync()).Where(p => p.Node == node).Select(p => p.Uid).ToHashSet();
        var owners = await Docker.LabelValuesAsync(new Dictionary<string, string> { ["okube.node"] = node }, "okube.pod.uid");
        return owners.Where(uid => !live.Contains(uid)).ToList();
    }
}
