namespace Orleans.Kube.Runtime;

/// <summary>
/// The node agent's view of a container engine. Implementations are thread-safe. Unexpected engine failures surface as
/// the engine's own exceptions; the documented cases below are translated so callers can handle them engine-agnostically.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>All containers (stopped ones included) carrying every label in <paramref name="labelFilter"/>; an empty filter lists all.</summary>
    Task<IReadOnlyList<ContainerInfo>> ListAsync(IReadOnlyDictionary<string, string> labelFilter, CancellationToken ct);

    /// <summary>The container by id or name, or null when it is gone.</summary>
    Task<ContainerInfo?> InspectAsync(string id, CancellationToken ct);

    /// <summary>
    /// Makes the image available locally according to <paramref name="pullPolicy"/> ("Always" | "IfNotPresent" | "Never",
    /// case-insensitive; empty applies the Kubernetes default). Throws <see cref="ImagePullException"/> when it cannot.
    /// </summary>
    Task EnsureImageAsync(string image, string pullPolicy, CancellationToken ct);

    /// <summary>The user a local image runs as (its USER, e.g. "1000", "1000:1000", "app"; "" for root by default).</summary>
    Task<string> ImageUserAsync(string image, CancellationToken ct);

    /// <summary>Makes <paramref name="image"/> from a root file system tarball unless it exists (locally built helper images, never pulled).</summary>
    Task EnsureImportedImageAsync(string image, Func<Stream> rootfs, IReadOnlyList<string> changes, CancellationToken ct);

    /// <summary>
    /// Creates (does not start) a container and returns its id. Throws <see cref="ImagePullException"/> when the image is
    /// not present locally and <see cref="InvalidOperationException"/> when the name is taken.
    /// </summary>
    Task<string> CreateAsync(ContainerCreateRequest request, CancellationToken ct);

    /// <summary>
    /// Starts a created or exited container; a no-op when it already runs. Throws <see cref="ContainerNotFoundException"/>, and
    /// <see cref="InvalidOperationException"/> when the engine refuses (e.g. host port taken; <see cref="ContainerInfo.Error"/>
    /// then says why). Containers run under an init, so a missing entrypoint is not a start failure but an exit with 127.
    /// </summary>
    Task StartAsync(string id, CancellationToken ct);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>. No error if already stopped or gone.</summary>
    Task StopAsync(string id, TimeSpan grace, CancellationToken ct);

    /// <summary>Removes the container, killing it if needed. No error if gone.</summary>
    Task RemoveAsync(string id, CancellationToken ct);

    /// <summary>
    /// Runs a command to completion inside a running container (exec probes). Throws <see cref="TimeoutException"/> when it
    /// outlives <paramref name="timeout"/> (the process itself is left to finish, as Docker cannot kill an exec),
    /// <see cref="ContainerNotFoundException"/> when the container is gone and <see cref="InvalidOperationException"/> when it is not running.
    /// </summary>
    Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct);

    /// <summary>
    /// Writes the container's log (stdout and stderr interleaved as written) to <paramref name="output"/>. With
    /// <paramref name="follow"/> it keeps streaming until the container stops (returns) or <paramref name="ct"/> fires
    /// (throws <see cref="OperationCanceledException"/>). <paramref name="timestamps"/> prefixes each line with an
    /// RFC3339Nano timestamp and a space, like kubectl --timestamps.
    /// </summary>
    Task StreamLogsAsync(string id, Stream output, bool follow, long? tailLines, DateTimeOffset? since, bool timestamps, CancellationToken ct);

    /// <summary>
    /// Starts an interactive exec (kubectl exec) and returns the duplex session. Throws <see cref="ContainerNotFoundException"/>,
    /// and <see cref="InvalidOperationException"/> when the container is not running (as <see cref="ExecAsync"/> does).
    /// </summary>
    Task<IExecSession> StartExecAsync(string id, IReadOnlyList<string> command, bool stdin, bool tty, CancellationToken ct);

    /// <summary>
    /// Attaches to a running container's own stdio (kubectl attach). <paramref name="replayLogs"/> first sends what the
    /// container already wrote. The session's output ends when the container exits; its exit code is always 0 (the
    /// container's own outcome is in its status). Closing the session's stdin closes the container's only when it was
    /// created stdinOnce (without a tty); otherwise it stays open for later attaches, and the output goes on.
    /// Throws <see cref="ContainerNotFoundException"/>.
    /// </summary>
    Task<IExecSession> AttachAsync(string id, bool stdin, bool tty, bool replayLogs, CancellationToken ct);

    /// <summary>
    /// The container's CPU time and memory working set now (for kubectl top and the autoscaler), or
    /// null when it does not run. Cheap: called for every running container every few seconds.
    /// </summary>
    Task<ContainerUsage?> UsageAsync(string id, CancellationToken ct);
}
