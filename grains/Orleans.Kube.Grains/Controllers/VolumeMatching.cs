using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Selectors;
using Orleans.Kube.Scheduling;

namespace Orleans.Kube.Grains.Controllers;

/// <summary>
/// kube's findMatchingVolume, for the PersistentVolume binder: a volume pre-bound to the claim wins; otherwise the
/// smallest Available volume of the claim's class whose access modes include the claim's, whose volumeMode is the
/// same, whose labels satisfy the claim's selector and whose capacity covers the request.
/// </summary>
public static class VolumeMatching
{
    public static JsonObject? Best(JsonObject claim, IEnumerable<JsonObject> volumes)
    {
        var spec = claim["spec"] as JsonObject;
        var className = spec.GetString("storageClassName") ?? "";
        var wanted = Strings(spec?["accessModes"]);
        var request = Storage(spec?["resources"]?["requests"]);
        var mode = spec.GetString("volumeMode") ?? "Filesystem";
        var selector = LabelSelector.FromLabelSelector(spec?["selector"]);
        JsonObject? best = null;
        long bestSize = long.MaxValue;
        foreach (var volume in volumes)
        {
            var pv = volume["spec"] as JsonObject;
            if (volume.DeletionTimestamp() is not null)
                continue;
            if (pv?["claimRef"] is JsonObject claimRef)
            {
                if (IsFor(claimRef, claim))
                    return volume;
                continue;
            }
            if ((pv.GetString("storageClassName") ?? "") != className
                || (pv.GetString("volumeMode") ?? "Filesystem") != mode
                || !wanted.IsSubsetOf(Strings(pv?["accessModes"]))
                || !selector.Matches(volume.Labels()))
                continue;
            var size = Storage(pv?["capacity"]);
            if (size >= request && size < bestSize)
            {
                best = volume;
                bestSize = size;
            }
        }
        return best;
    }

    /// <summary>A claimRef naming this claim (and, when it carries a uid, this very object rather than an older one of the same name).</summary>
    public static bool IsFor(JsonObject claimRef, JsonObject claim) =>
        claimRef.GetString("name") == claim.Name() && claimRef.GetString("namespace") == claim.Namespace()
        && (claimRef.GetString("uid") is not { Length: > 0 } uid || uid == claim.Uid());

    public static long Storage(JsonNode? list) =>
        list?["storage"] is JsonValue value && value.TryGetValue<string>(out var text) ? Quantity.ParseValue(text) : 0;

    private static HashSet<string> Strings(JsonNode? array) =>
        (array as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>().ToHashSet() ?? [];
}
