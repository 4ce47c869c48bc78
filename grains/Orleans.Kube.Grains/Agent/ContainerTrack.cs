using System.Text.Json.Nodes;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>What a node agent remembers about one container of a pod between syncs.</summary>
public sealed class ContainerTrack
{
    public int RestartCount { get; set; }
    public DateTimeOffset BackoffUntil { get; set; }

    /// <summary>Why the container is not running yet (ContainerCreating, ErrImagePull, CrashLoopBackOff, ...).</summary>
    public (string Reason, string Message)? Waiting { get; set; }

    /// <summary>The previous run, shown as lastState.</summary>
    public ContainerInfo? LastTerminated { get; set; }

    public string? ProbedContainerId { get; set; }
    public List<Probe> Probes { get; } = [];

    /// <summary>Fresh probes for a new container run.</summary>
    public void ResetProbes(JsonObject containerSpec, string containerId)
    {
        ProbedContainerId = containerId;
        Probes.Clear();
        foreach (var (field, kind) in new[] { ("startupProbe", "startup"), ("livenessProbe", "liveness"), ("readinessProbe", "readiness") })
            if (containerSpec[field] is JsonObject spec)
                Probes.Add(new Probe(spec, kind));
    }

    public Probe? ProbeOf(string kind) => Probes.FirstOrDefault(p => p.Kind == kind);

    /// <summary>kubelet's crash back-off: immediate first restart, then 10 s doubling up to 5 min.</summary>
    public static TimeSpan Backoff(int restarts) =>
        restarts == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(300, 10 * Math.Pow(2, restarts - 1)));
}
