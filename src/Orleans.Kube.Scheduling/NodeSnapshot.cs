using Orleans.Kube.Model;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Scheduling;

/// <summary>A node as the scheduler sees it: labels, taints, state and what is already requested on it.</summary>
/// <param name="Requested">Sum of the requests of the non-terminal pods bound to the node; Pods is their count.</param>
/// <param name="PodsByOwner">Non-terminal pods bound to the node per controller owner uid (for spreading).</param>
public sealed record NodeSnapshot(string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<Taint> Taints,
    bool Unschedulable, bool Ready, Resources Allocatable, Resources Requested, IReadOnlyDictionary<string, int> PodsByOwner)
{
    public static NodeSnapshot From(JsonObject node, IEnumerable<JsonObject> podsBoundToIt)
    {
        var spec = JsonFields.Obj(node, "spec");
        var status = JsonFields.Obj(node, "status");

        var requested = Resources.Zero;
        var owners = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in podsBoundToIt)
        {
            // Finished pods hold no resources (kube's scheduler cache drops them too).
            if (JsonFields.Scalar(JsonFields.Obj(pod, "status"), "phase") is "Succeeded" or "Failed") continue;
            var request = PodRequest.From(pod);
            requested = requested.Add(request.Requests);
            if (request.OwnerUid is { } owner) owners[owner] = owners.GetValueOrDefault(owner) + 1;
        }

        return new NodeSnapshot(
            JsonFields.Scalar(JsonFields.Obj(node, "metadata"), "name") ?? "",
            JsonFields.StringMap(JsonFields.Obj(JsonFields.Obj(node, "metadata"), "labels")),
            JsonFields.Objects(JsonFields.Arr(spec, "taints"))
                .Select(t => new Taint(JsonFields.Scalar(t, "key") ?? "", JsonFields.Scalar(t, "value"), JsonFields.Scalar(t, "effect") ?? ""))
                .ToArray(),
            JsonFields.Bool(spec, "unschedulable") == true,
            JsonFields.Objects(JsonFields.Arr(status, "conditions")).Any(c => JsonFields.Scalar(c, "type") == "Ready" && JsonFields.Scalar(c, "status") == "True"),
            ReadAllocatable(status),
            requested,
            owners);
    }

    /// <summary>This node with <paramref name="pod"/> bound to it: what later pods in a batch must see.</summary>
    public NodeSnapshot WithPod(PodRequest pod)
    {
        var owners = PodsByOwner;
        if (pod.OwnerUid is { } owner)
        {
            var copy = new Dictionary<string, int>(PodsByOwner.Count + 1, StringComparer.Ordinal);
            foreach (var (key, count) in PodsByOwner) copy[key] = count;
            copy[owner] = copy.GetValueOrDefault(owner) + 1;
            owners = copy;
        }
        return this with { Requested = Requested.Add(pod.Requests), PodsByOwner = owners };
    }

    // status.allocatable is capacity minus system reservations; minimal node agents may only report capacity.
    private static Resources ReadAllocatable(JsonObject? status)
    {
        var allocatable = JsonFields.Obj(status, "allocatable");
        var capacity = JsonFields.Obj(status, "capacity");
        JsonObject? From(string name) => JsonFields.Scalar(allocatable, name) is not null ? allocatable : capacity;
        var pods = PodRequest.Value(From("pods"), "pods");
        return new Resources(PodRequest.Milli(From("cpu"), "cpu"), PodRequest.Value(From("memory"), "memory"),
            (int)Math.Clamp(pods, 0, int.MaxValue));
    }
}
