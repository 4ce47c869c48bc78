namespace Orleans.Kube.Runtime;

/// <summary>What a node agent asks the runtime to create for one pod container.</summary>
/// <param name="Name">Runtime-level container name; must be unique on the node.</param>
/// <param name="Command">Kubernetes <c>command</c>, i.e. the Docker entrypoint; null keeps the image's.</param>
/// <param name="Args">Kubernetes <c>args</c>, i.e. the Docker cmd; null keeps the image's.</param>
public sealed record ContainerCreateRequest(
    string Name,
    string Image,
    IReadOnlyList<string>? Command,
    IReadOnlyList<string>? Args,
    IReadOnlyDictionary<string, string> Env,
    string? WorkingDir,
    IReadOnlyList<PortMapping> Ports,
    long? MemoryLimitBytes,
    long? NanoCpus,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<MountSpec> Mounts)
{
    /// <summary>Docker's network mode: null for the default bridge, "container:ID" to join a pod sandbox's namespace.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>The container's hostname; only for containers that own their network namespace (sandboxes).</summary>
    public string? Hostname { get; init; }

    /// <summary>User, groups, capabilities, read-only root, privilege and namespace settings.</summary>
    public ContainerSecurity Security { get; init; } = ContainerSecurity.Default;

    /// <summary>Log rotation (kubelet's containerLogMaxSize/containerLogMaxFiles); null keeps the engine's default.</summary>
    public ContainerLogLimits? LogLimits { get; init; }

    /// <summary>The container's stdin, stdinOnce and tty fields: what kubectl attach (and run -i) connects to.</summary>
    public ContainerConsole Console { get; init; } = ContainerConsole.None;
}
