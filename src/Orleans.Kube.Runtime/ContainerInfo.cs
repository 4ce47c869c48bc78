namespace Orleans.Kube.Runtime;

/// <summary>A snapshot of one container as the runtime sees it.</summary>
/// <param name="State">One of <see cref="ContainerStates"/>.</param>
/// <param name="ExitCode">Set once the container has exited (or failed to start); null while created or running.</param>
/// <param name="Error">Runtime error, e.g. why start failed; null when none.</param>
/// <param name="Ports">Actual host bindings while running; the requested ones (host port 0 = ephemeral) otherwise.</param>
/// <param name="ImageId">The runtime's id of the image the container runs (sha256:...), for the pod's imageID.</param>
public sealed record ContainerInfo(
    string Id,
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Labels,
    string State,
    int? ExitCode,
    bool OomKilled,
    string? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<PortMapping> Ports,
    string ImageId = "")
{
    /// <summary>The host PID of the container's first process while it runs (0 otherwise): how its namespaces are entered.</summary>
    public int Pid { get; init; }
}
