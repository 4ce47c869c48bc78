using System.Text.Json.Nodes;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Faults.Tests;

/// <summary>
/// The workload a fault hits: a Deployment of 30 busybox pods that exit at once on SIGTERM, rolled
/// from one image tag to another, and the check of whether it has converged.
/// </summary>
public sealed class RollingWorkload(ApiEndpoints api, string ns)
{
    public const int Replicas = 30;
    private const string Name = "web";
    private string DeploymentPath => $"/apis/apps/v1/namespaces/{ns}/deployments/{Name}";

    public Task CreateAsync(string image) =>
        api.CreateAsync($"/apis/apps/v1/namespaces/{ns}/deployments", new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = Name },
            ["spec"] = new JsonObject
            {
                ["replicas"] = Replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = Name } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = Name } },
                    ["spec"] = new JsonObject
                    {
                        ["terminationGracePeriodSeconds"] = 5,
                        ["containers"] = new JsonArray(new JsonObject
                        {
                            ["name"] = "main",
                            ["image"] = image,
                            // PID 1 ignores SIGTERM unless it traps it: exit at once so rollouts are not held up by grace periods.
                            ["command"] = new JsonArray("sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"),
                        }),
                    },
                },
            },
        }.ToJsonString());

    public Task StartRolloutAsync(string image) =>
        api.SendAsync(HttpMethod.Patch, DeploymentPath,
            """{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"IMAGE"}]}}}}""".Replace("IMAGE", image),
            "application/strategic-merge-patch+json");

    public async Task<int> UpdatedReplicasAsync() =>
        (await GetAsync(DeploymentPath))["status"]?["updatedReplicas"]?.GetValue<int>() ?? 0;

    /// <summary>
    /// What still keeps the workload from having converged on <paramref name="image"/>, or null once
    /// the rollout is complete: the Deployment reports 30 updated, ready and available replicas, 30
    /// live pods run the image and are Ready, and Docker runs exactly one container for each of them.
    /// </summary>
    public async Task<string?> ProblemAsync(string image)
    {
        var problems = new List<string>();
        var deployment = await GetAsync(DeploymentPath);
        var status = deployment["status"] as JsonObject ?? [];
        int Count(string field) => status[field]?.GetValue<int>() ?? 0;
        if ((status["observedGeneration"]?.GetValue<long>() ?? 0) < deployment["metadata"]!["generation"]!.GetValue<long>())
            problems.Add("the Deployment's generation is not observed yet");
        if (Count("replicas") != Replicas || Count("updatedReplicas") != Replicas || Count("readyReplicas") != Replicas || Count("availableReplicas") != Replicas)
            problems.Add($"Deployment status replicas/updated/ready/available {Count("replicas")}/{Count("updatedReplicas")}/{Count("readyReplicas")}/{Count("availableReplicas")}");

        var pods = (await GetAsync($"/api/v1/namespaces/{ns}/pods"))["items"]!.AsArray().OfType<JsonObject>()
            .Where(p => p["metadata"]?["deletionTimestamp"] is null).ToList();
        var current = pods.Count(p => Image(p) == image && IsReady(p));
        if (pods.Count != Replicas || current != Replicas)
            problems.Add($"{pods.Count} live pods, {current} ready on {image}");

        var containers = await Docker.LabelValuesAsync(new Dictionary<string, string> { ["okube.pod.namespace"] = ns }, "okube.pod.uid");
        var duplicated = containers.GroupBy(uid => uid).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        var podUids = pods.Select(p => p["metadata"]!["uid"]!.GetValue<string>()).ToHashSet();
        var orphans = containers.Count(uid => !podUids.Contains(uid));
        if (containers.Count != Replicas || duplicated.Count > 0 || orphans > 0)
            problems.Add($"{containers.Count} running containers ({orphans} of pods not live; duplicates: {string.Join(", ", duplicated)})");
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private async Task<JsonObject> GetAsync(string path) =>
        JsonNode.Parse((await api.SendAsync(HttpMethod.Get, path, timeout: TimeSpan.FromSeconds(30))).Body)!.AsObject();

    private static string? Image(JsonObject pod) => pod["spec"]?["containers"]?[0]?["image"]?.GetValue<string>();

    private static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;
}
