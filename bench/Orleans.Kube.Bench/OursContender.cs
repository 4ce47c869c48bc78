using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// Orleans.Kube driven by the real kubectl: a Deployment in a namespace of its own per measurement.
/// Its containers are found by the node agent's namespace label.
/// </summary>
internal sealed class OursContender(Engine engine, Kubectl kubectl, HttpClient api) : Contender(engine)
{
    private const string Deployment = "load";
    private string ns = "";

    public override string Name => "Orleans.Kube (kubectl)";
    protected override string ContainerLabel => $"okube.pod.namespace={ns}";

    protected override async Task CreateAsync(int replicas, string image)
    {
        ns = $"bench-{Guid.NewGuid().ToString("N")[..8]}";
        (await kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        await ApplyAsync(replicas, image);
    }

    protected override async Task ResizeAsync(int replicas) =>
        (await kubectl.RunAsync("scale", "-n", ns, $"deployment/{Deployment}", $"--replicas={replicas}")).EnsureSuccess();

    protected override Task RollAsync(string image) => ApplyAsync(Replicas, image);

    protected override async Task RemoveAsync() =>
        (await kubectl.RunAsync("delete", "-n", ns, $"deployment/{Deployment}", "--wait=false")).EnsureSuccess();

    /// <summary>What `kubectl rollout status` waits for: the current generation seen, every replica updated and available.</summary>
    protected override async Task<bool> ReportsSettledAsync()
    {
        var deployment = JsonNode.Parse(await api.GetStringAsync($"/apis/apps/v1/namespaces/{ns}/deployments/{Deployment}"))!;
        var status = deployment["status"];
        int Field(string name) => status?[name]?.GetValue<int>() ?? 0;
        return status?["observedGeneration"]?.GetValue<long>() >= deployment["metadata"]!["generation"]!.GetValue<long>()
            && Field("replicas") == Replicas && Field("updatedReplicas") == Replicas && Field("availableReplicas") == Replicas;
    }

    public override async Task TearDownAsync()
    {
        if (ns.Length == 0)
            return;
        (await kubectl.RunAsync("delete", "namespace", ns, "--wait=false")).EnsureSuccess();
        await Poll.UntilAsync(async () =>
        {
            using var response = await api.GetAsync($"/api/v1/namespaces/{ns}");
            return response.StatusCode == HttpStatusCode.NotFound && (await Engine.ContainersAsync(ContainerLabel)).Count == 0;
        }, gone => gone, Workload.Deadline, $"namespace {ns} and its containers gone", Workload.PollInterval);
        ns = "";
    }

    private async Task ApplyAsync(int replicas, string image)
    {
        var manifest = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = Deployment, ["namespace"] = ns },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Deployment } },
                // No surge, 10 unavailable: stop-first batches of 10, as Swarm's --update-parallelism 10 (default order stop-first).
                ["strategy"] = new JsonObject
                {
                    ["type"] = "RollingUpdate",
                    ["rollingUpdate"] = new JsonObject { ["maxSurge"] = 0, ["maxUnavailable"] = Workload.UpdateBatch },
                },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = Deployment } },
                    ["spec"] = new JsonObject
                    {
                        ["terminationGracePeriodSeconds"] = Workload.StopGraceSeconds,
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "c",
                            ["image"] = image,
                            ["imagePullPolicy"] = "IfNotPresent",
                            ["command"] = JsonSerializer.SerializeToNode(Workload.Command),
                        }),
                    },
                },
            },
        };
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest.ToJsonString())).EnsureSuccess();
    }
}
