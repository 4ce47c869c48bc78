using Orleans.Kube.Model;
using Orleans.Kube.Scheduling;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// What the scheduler keeps of one pod: the node it is bound to, whether it still needs one, and
/// its request (null with <see cref="Invalid"/> saying why when its resource requests do not parse),
/// and the PersistentVolumeClaims it mounts.
/// </summary>
internal sealed record ScheduledPod(string? NodeName, bool NeedsNode, bool Terminal, PodRequest? Request, string? Invalid)
{
    public IReadOnlyList<string> Claims { get; init; } = [];

    public static ScheduledPod From(StoredObject stored)
    {
        var pod = KubeJson.ParseObject(stored.Body);
        var needsNode = PodGrain.NodeName(pod) is null && pod.DeletionTimestamp() is null && !PodGrain.IsTerminal(pod);
        try
        {
            return new(PodGrain.NodeName(pod), needsNode, PodGrain.IsTerminal(pod), PodRequest.From(pod), null) { Claims = PodVolumes.Claims(pod) };
        }
        catch (FormatException ex)
        {
            return new(PodGrain.NodeName(pod), needsNode, PodGrain.IsTerminal(pod), null, ex.Message);
        }
    }
}
