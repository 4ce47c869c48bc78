using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains;

/// <summary>
/// What a pending pod's PersistentVolumeClaims mean for the scheduler (kube's VolumeBinding PreFilter): a problem
/// that keeps the pod unschedulable everywhere, the node affinity of the volumes already bound (for
/// <see cref="Scheduling.VolumeBindingFilter"/>), and the WaitForFirstConsumer claims to be given the chosen node.
/// </summary>
internal sealed record PodClaims(string? Problem, IReadOnlyList<JsonObject> VolumeNodeAffinities, IReadOnlyList<string> AwaitingNode)
{
    public static async Task<PodClaims> ResolveAsync(IGrainFactory grains, string ns, IReadOnlyList<string> claimNames)
    {
        var affinities = new List<JsonObject>();
        var awaiting = new List<string>();
        var classModes = new Dictionary<string, string?>();
        foreach (var name in claimNames.Distinct())
        {
            if (await ReadAsync(grains, ResourceKinds.PersistentVolumeClaim, ns, name) is not { } claim)
                return new($"persistentvolumeclaim \"{name}\" not found", [], []);
            if (claim.DeletionTimestamp() is not null)
                return new($"persistentvolumeclaim \"{name}\" is being deleted", [], []);
            if (claim["spec"].GetString("volumeName") is { Length: > 0 } volumeName)
            {
                if (await ReadAsync(grains, ResourceKinds.PersistentVolume, null, volumeName) is not { } volume)
                    return new($"pvc {name} bound to non-existent pv {volumeName}", [], []);
                if (volume["spec"]?["nodeAffinity"]?["required"] is JsonObject required)
                    affinities.Add((JsonObject)required.DeepClone());
                continue;
            }
            var className = claim["spec"].GetString("storageClassName") ?? "";
            if (!classModes.TryGetValue(className, out var mode))
                classModes[className] = mode = className.Length == 0 ? null
                    : (await ReadAsync(grains, ResourceKinds.StorageClass, null, className))?.GetString("volumeBindingMode");
            if (mode != "WaitForFirstConsumer")
                return new("pod has unbound immediate PersistentVolumeClaims", [], []);
            awaiting.Add(name);
        }
        return new(null, affinities, awaiting);
    }

    /// <summary>Tells each waiting claim the node its first consumer was placed on; the claim's binder provisions there.</summary>
    public static async Task SelectNodeAsync(IGrainFactory grains, string ns, IEnumerable<string> claimNames, string node)
    {
        var patch = KubeJson.Write(new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [VolumeNames.SelectedNode] = node } },
        });
        foreach (var name in claimNames)
            await grains.For(ResourceKinds.PersistentVolumeClaim, ns, name).Patch(new PatchRequest(PatchTypes.Merge, patch), WriteOptions.Default);
    }

    private static async Task<JsonObject?> ReadAsync(IGrainFactory grains, ResourceKind kind, string? ns, string name)
    {
        var result = await grains.For(kind, ns, name).Get();
        return result.IsSuccess ? KubeJson.ParseObject(result.Body) : null;
    }
}
