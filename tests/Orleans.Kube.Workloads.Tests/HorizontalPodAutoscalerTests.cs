using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// The autoscaling loop end to end: an autoscaling/v2 HPA on a Deployment, a real CPU-burning container,
/// the HPA scaling up to the count kube's formula gives and back down after its stabilization window.
/// </summary>
[Trait("Category", "E2E")]
public sealed class HorizontalPodAutoscalerTests(TwoNodeClusterFixture cluster, ITestOutputHelper output)
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task AnHpaScalesABusyDeploymentUpByKubesFormulaAndDownAfterItsWindow()
    {
        var ns = await Kubectl.NamespaceAsync("hpa");
        try
        {
            // One core burns only while /tmp/burn has content, so the pods the HPA adds stay idle.
            var container = BatchManifests.Container("while :; do if [ -s /tmp/burn ]; then :; else sleep 1; fi; done");
            container["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "100m" } };
            await Kubectl.ApplyAsync(new JsonObject
            {
                ["apiVersion"] = "apps/v1",
                ["kind"] = "Deployment",
                ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = ns },
                ["spec"] = new JsonObject
                {
                    ["replicas"] = 1,
                    ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                    ["template"] = new JsonObject
                    {
                        ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
                        ["spec"] = new JsonObject { ["terminationGracePeriodSeconds"] = 1, ["containers"] = new JsonArray(container) },
                    },
                },
            }.ToJsonString());
            (await Kubectl.RunAsync(["rollout", "status", "deployment/web", "-n", ns, "--timeout=60s"], null, timeout: TimeSpan.FromSeconds(70))).EnsureSuccess();
            var burner = (await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "app=web")).Single().Str("metadata", "name")!;

            // What `kubectl autoscale deployment web --min=1 --max=5 --cpu-percent=50` makes, plus a 30 s scale-down
            // window (a behavior, which autoscaling/v1 only carries in an annotation).
            await Kubectl.ApplyAsync("""
                {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"NS"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,
                  "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}],
                  "behavior":{"scaleDown":{"stabilizationWindowSeconds":30}}}}
                """.Replace("NS", ns, StringComparison.Ordinal));
            await Poll.UntilAsync(async () => (await Kubectl.GetJsonAsync("get", "hpa/web", "-n", ns))["status"]?["currentMetrics"] is JsonArray { Count: > 0 },
                TimeSpan.FromSeconds(60), "the HPA's first measurement");

            (await Kubectl.RunAsync("exec", burner, "-n", ns, "--", "sh", "-c", "echo 1 > /tmp/burn")).EnsureSuccess();
            var reaction = Stopwatch.StartNew();
            var scaled = await Poll.UntilAsync(async () => await Kubectl.GetJsonAsync("get", "hpa/web", "-n", ns),
                hpa => hpa.Str("status", "lastScaleTime") is not null, TimeSpan.FromSeconds(60), "the HPA to scale up");
            output.WriteLine($"HPA reaction (load start -> scale-up written): {reaction.ElapsedMilliseconds} ms");

            // kube's formula on what the HPA measured: ceil(utilization / target * 1 pod), at most maxReplicas
            // and at most 1 + 4 pods in the first 15 s (the default scale-up policy).
            var utilization = int.Parse(scaled["status"]!["currentMetrics"]![0]!.Str("resource", "current", "averageUtilization")!);
            var expected = Math.Min(5, Math.Max(1, (int)Math.Ceiling(utilization / 50.0)));
            Assert.True(utilization > 55, $"utilization {utilization}%");
            Assert.Equal(expected.ToString(), scaled.Str("status", "desiredReplicas"));
            await Poll.UntilAsync(async () => (await Kubectl.GetJsonAsync("get", "deployment/web", "-n", ns)).Str("spec", "replicas"),
                replicas => replicas == expected.ToString(), TimeSpan.FromSeconds(10), $"the Deployment at {expected} replicas");
            Assert.Matches(@"web\s+Deployment/web\s+cpu: \d+%/50%\s+1\s+5\s+\d", (await Kubectl.RunAsync("get", "hpa", "-n", ns)).EnsureSuccess().Stdout);

            (await Kubectl.RunAsync("exec", burner, "-n", ns, "--", "sh", "-c", ": > /tmp/burn")).EnsureSuccess();
            var calm = Stopwatch.StartNew();
            await Poll.UntilAsync(async () => (await Kubectl.GetJsonAsync("get", "deployment/web", "-n", ns)).Str("spec", "replicas"),
                replicas => replicas == "1", TimeSpan.FromSeconds(120), "the HPA to scale back to 1 after its 30 s window");
            output.WriteLine($"HPA scale-down after the load stopped: {calm.ElapsedMilliseconds} ms");
            Assert.True(calm.Elapsed >= TimeSpan.FromSeconds(25), $"scaled down after only {calm.Elapsed}, inside the 30 s window");

            var described = (await Kubectl.RunAsync("describe", "hpa", "web", "-n", ns)).EnsureSuccess().Stdout;
            Assert.Contains($"New size: {expected}; reason: cpu resource utilization (percentage of request) above target", described);
            Assert.Contains("New size: 1; reason: All metrics below target", described);
            Assert.Contains("ScalingActive", described);
        }
        finally
        {
            await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false");
        }
    }
}
