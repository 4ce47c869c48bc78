using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>More of the pod spec on real containers: OnFailure, workingDir, Secret env, HTTP probes, log options, Recreate.</summary>
[Trait("Category", "E2E")]
public sealed class PodSpecFeatureTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private Kubectl Kubectl => cluster.Kubectl;

    private static JsonObject Pod(string ns, string name, string restartPolicy, JsonObject container) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = new JsonObject { ["restartPolicy"] = restartPolicy, ["terminationGracePeriodSeconds"] = 1, ["containers"] = new JsonArray(container) },
    };

    [Fact]
    public async Task AFinishedPodShowsItsOutputWithTheRequestedLogOptions()
    {
        var ns = await NamespaceAsync("batch");
        (await Kubectl.RunAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=token=s3cret")).EnsureSuccess();
        var pod = Pod(ns, "once", "OnFailure", new JsonObject
        {
            ["name"] = "job",
            ["image"] = TwoNodeClusterFixture.Image1,
            ["workingDir"] = "/tmp",
            ["command"] = new JsonArray("sh", "-c", "pwd; echo token=$TOKEN; echo line1; echo line2; echo line3"),
            ["env"] = new JsonArray(new JsonObject
            {
                ["name"] = "TOKEN",
                ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "creds", ["key"] = "token" } },
            }),
        });
        (await Kubectl.RunAsync(["apply", "-f", "-"], pod.ToJsonString())).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "pod", "once", "-n", ns)).Stdout.Contains("Completed"), Converge, "the pod to complete");

        var all = (await Kubectl.RunAsync("logs", "-f", "once", "-n", ns, "--since=1h")).EnsureSuccess();
        Assert.Equal("/tmp\ntoken=s3cret\nline1\nline2\nline3\n", all.Stdout);
        var tail = (await Kubectl.RunAsync("logs", "once", "-n", ns, "--tail=2")).EnsureSuccess();
        Assert.Equal("line2\nline3\n", tail.Stdout);
        var json = JsonNode.Parse((await Kubectl.RunAsync("get", "pod", "once", "-n", ns, "-o", "json")).EnsureSuccess().Stdout)!;
        Assert.Equal("Succeeded", json["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(0, json["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task HttpStartupAndReadinessProbesMakeAPodReady()
    {
        var ns = await NamespaceAsync("http");
        JsonObject Probe() => new() { ["httpGet"] = new JsonObject { ["path"] = "/", ["port"] = 8080 }, ["periodSeconds"] = 1 };
        var pod = Pod(ns, "web", "Always", new JsonObject
        {
            ["name"] = "web",
            ["image"] = TwoNodeClusterFixture.Image1,
            ["command"] = new JsonArray("sh", "-c", "mkdir -p /www && echo ok > /www/index.html && httpd -f -p 8080 -h /www"),
            ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
            ["startupProbe"] = Probe(),
            ["readinessProbe"] = Probe(),
        });
        (await Kubectl.RunAsync(["apply", "-f", "-"], pod.ToJsonString())).EnsureSuccess();
        var ready = await Poll.UntilAsync(async () => JsonNode.Parse((await Kubectl.RunAsync("get", "pod", "web", "-n", ns, "-o", "json")).Stdout),
            p => p?["status"]?["containerStatuses"]?[0]?["ready"]?.GetValue<bool>() == true, Converge, "the probes to pass");

        // The pod has its own loopback IP, and its container port answers there under its own number.
        var podIp = ready!["status"]!["podIP"]!.GetValue<string>();
        Assert.StartsWith("127.", podIp);
        Assert.NotEqual("127.0.0.1", podIp);
        using var http = new HttpClient();
        Assert.Equal("ok\n", await http.GetStringAsync($"http://{podIp}:8080/", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RecreateStopsEveryOldPodBeforeStartingNewOnes()
    {
        var ns = await NamespaceAsync("recreate");
        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "app", ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 2,
                ["strategy"] = new JsonObject { ["type"] = "Recreate" },
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "app" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "app" } },
                    ["spec"] = new JsonObject
                    {
                        ["terminationGracePeriodSeconds"] = 1,
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "app", ["image"] = TwoNodeClusterFixture.Image1, ["command"] = new JsonArray("sleep", "3600"),
                        }),
                    },
                },
            },
        };
        (await Kubectl.RunAsync(["apply", "-f", "-"], deployment.ToJsonString())).EnsureSuccess();
        (await Kubectl.RunAsync(["rollout", "status", "deployment/app", "-n", ns, "--timeout=90s"], null, timeout: TimeSpan.FromSeconds(100))).EnsureSuccess();

        (await Kubectl.RunAsync("set", "image", "deployment/app", $"app={TwoNodeClusterFixture.Image2}", "-n", ns)).EnsureSuccess();
        var mixed = false;
        await Poll.UntilAsync(async () =>
        {
            var pods = JsonNode.Parse((await Kubectl.RunAsync("get", "pods", "-n", ns, "-o", "json")).Stdout)!["items"]!.AsArray()
                .Select(p => p!).Where(p => p["status"]?["phase"]?.GetValue<string>() == "Running").ToList();
            var images = pods.Select(p => p["spec"]!["containers"]![0]!["image"]!.GetValue<string>()).Distinct().ToList();
            mixed |= images.Count > 1;
            return pods.Count == 2 && images.SequenceEqual([TwoNodeClusterFixture.Image2]);
        }, Converge, "two running pods of the new image");
        Assert.False(mixed, "old and new pods ran at the same time");
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..5]}";
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }
}
