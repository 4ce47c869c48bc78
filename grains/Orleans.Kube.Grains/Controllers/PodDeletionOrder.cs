using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Controllers;

/// <summary>
/// Which of a ReplicaSet's surplus pods go first (a short form of kube's ActivePodsWithRanks): unscheduled,
/// then pending, then not ready, then the newest, so scaling down costs the least serving capacity.
/// </summary>
public static class PodDeletionOrder
{
    /// <summary>The <paramref name="count"/> pods to delete, first to go first.</summary>
    public static IReadOnlyList<JsonObject> Surplus(IEnumerable<JsonObject> active, int count) =>
        active.OrderBy(Rank).Take(Math.Max(0, count)).ToList();

    private static (int, int, int, string) Rank(JsonObject pod) =>
        (PodGrain.NodeName(pod) is null ? 0 : 1,
         pod["status"].GetString("phase") == "Pending" ? 0 : 1,
         IsReady(pod) ? 1 : 0,
         Invert(pod["metadata"].GetString("creationTimestamp") ?? ""));

    /// <summary>Later timestamps sort first (RFC 3339 strings compare in time order).</summary>
    private static string Invert(string timestamp) => new(timestamp.Select(c => (char)(char.MaxValue - c)).ToArray());

    public static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c.GetString("type") == "Ready" && c.GetString("status") == "True") == true;
}
