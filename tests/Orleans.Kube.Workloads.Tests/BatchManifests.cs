using System.Text.Json.Nodes;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>Small Job / CronJob / DaemonSet manifests and kubectl reads shared by the batch and daemon tests.</summary>
internal static class BatchManifests
{
    public static JsonObject Container(string command, string image = TwoNodeClusterFixture.Image1) => new()
    {
        ["name"] = "main",
        ["image"] = image,
        ["command"] = new JsonArray("sh", "-c", command),
    };

    public static JsonObject JobSpec(string command, int completions = 1, int parallelism = 1, int backoffLimit = 6, string? mode = null)
    {
        var spec = new JsonObject
        {
            ["completions"] = completions,
            ["parallelism"] = parallelism,
            ["backoffLimit"] = backoffLimit,
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["terminationGracePeriodSeconds"] = 1,
                    ["containers"] = new JsonArray(Container(command)),
                },
            },
        };
        if (mode is not null)
            spec["completionMode"] = mode;
        return spec;
    }

    public static string Job(string ns, string name, JsonObject spec) => new JsonObject
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = spec,
    }.ToJsonString();

    public static async Task<string> NamespaceAsync(this Kubectl kubectl, string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..5]}";
        (await kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }

    public static async Task ApplyAsync(this Kubectl kubectl, string manifest) =>
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest)).EnsureSuccess();

    public static async Task<JsonObject> GetJsonAsync(this Kubectl kubectl, params string[] args) =>
        JsonNode.Parse((await kubectl.RunAsync([.. args, "-o", "json"])).EnsureSuccess().Stdout)!.AsObject();

    public static async Task<List<JsonObject>> ItemsAsync(this Kubectl kubectl, params string[] args) =>
        [.. ((await kubectl.GetJsonAsync(args))["items"] as JsonArray ?? []).OfType<JsonObject>()];

    public static string? Str(this JsonNode? node, params string[] path)
    {
        foreach (var part in path)
            node = node?[part];
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
    }
}
