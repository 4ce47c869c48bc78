using System.Text.Json.Nodes;

namespace Orleans.Kube.Scheduling.Tests;

/// <summary>Terse builders for nodes and pods, so each test shows only what it is about.</summary>
internal static class Snapshots
{
    public const long Gi = 1L << 30;
    public const long Mi = 1L << 20;

    public static NodeSnapshot Node(string name, long milliCpu = 4000, long memory = 8 * Gi, int pods = 110,
        IReadOnlyDictionary<string, string>? labels = null, IReadOnlyList<Taint>? taints = null,
        bool ready = true, bool unschedulable = false, Resources requested = default,
        IReadOnlyDictionary<string, int>? podsByOwner = null) =>
        new(name, labels ?? new Dictionary<string, string>(), taints ?? [], unschedulable, ready,
            new Resources(milliCpu, memory, pods), requested, podsByOwner ?? new Dictionary<string, int>());

    public static PodRequest Pod(string name = "p", long milliCpu = 100, long memory = 128 * Mi, string? owner = null,
        IReadOnlyDictionary<string, string>? nodeSelector = null, string? nodeAffinity = null,
        IReadOnlyList<Toleration>? tolerations = null) =>
        new("default", name, owner, new Resources(milliCpu, memory, 1), nodeSelector ?? new Dictionary<string, string>(),
            nodeAffinity is null ? null : JsonNode.Parse(nodeAffinity)!.AsObject(), tolerations ?? []);

    public static Dictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
