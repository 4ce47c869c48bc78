namespace Orleans.Kube.Runtime;

/// <summary>
/// A container's security settings as the engine applies them (a pod's securityContext after the node agent
/// resolved pod and container levels). The default is the engine's default: image user, writable root,
/// the engine's capability set and seccomp profile, the pod's own PID and IPC namespaces.
/// </summary>
/// <param name="User">"uid" or "uid:gid"; null keeps the image's user.</param>
/// <param name="SupplementalGroups">Extra group ids of the process (fsGroup and supplementalGroups).</param>
/// <param name="SeccompUnconfined">True turns the engine's default seccomp profile off.</param>
/// <param name="HostPid">Shares the host's PID namespace (hostPID).</param>
/// <param name="HostIpc">Shares the host's IPC namespace (hostIPC).</param>
public sealed record ContainerSecurity(
    string? User = null,
    IReadOnlyList<long>? SupplementalGroups = null,
    bool ReadOnlyRootFilesystem = false,
    bool NoNewPrivileges = false,
    IReadOnlyList<string>? CapAdd = null,
    IReadOnlyList<string>? CapDrop = null,
    bool Privileged = false,
    bool SeccompUnconfined = false,
    bool HostPid = false,
    bool HostIpc = false)
{
    public static readonly ContainerSecurity Default = new();
}

/// <summary>Rotation of a container's log: the engine keeps at most <paramref name="MaxFiles"/> files of <paramref name="MaxBytes"/> each.</summary>
public sealed record ContainerLogLimits(long MaxBytes, int MaxFiles);
