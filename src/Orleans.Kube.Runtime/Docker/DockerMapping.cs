using System.Globalization;
using Docker.DotNet.Models;

namespace Orleans.Kube.Runtime;

/// <summary>Translates between the runtime records and Docker Engine API models.</summary>
internal static class DockerMapping
{
    private const string LoopbackIp = "127.0.0.1";

    public static CreateContainerParameters ToCreateParameters(ContainerCreateRequest request)
    {
        var portGroups = request.Ports.GroupBy(PortKey).ToList();
        var security = request.Security;
        var securityOptions = new List<string>();
        if (security.NoNewPrivileges)
            securityOptions.Add("no-new-privileges");
        if (security.SeccompUnconfined)
            securityOptions.Add("seccomp=unconfined");
        return new CreateContainerParameters
        {
            Name = request.Name,
            Image = request.Image,
            // Null (omitted) keeps the image's entrypoint/cmd; the models are not null-annotated.
            Entrypoint = request.Command?.ToList()!,
            Cmd = request.Args?.ToList()!,
            Env = request.Env.Select(kv => $"{kv.Key}={kv.Value}").ToList(),
            WorkingDir = string.IsNullOrEmpty(request.WorkingDir) ? null! : request.WorkingDir,
            Labels = new Dictionary<string, string>(request.Labels),
            Hostname = request.Hostname!,
            User = security.User!,
            ExposedPorts = portGroups.ToDictionary(g => g.Key, _ => default(EmptyStruct)),
            // kube's stdin/stdinOnce/tty map onto the Engine's own: an open stdin pipe nobody writes to until an attach.
            OpenStdin = request.Console.Stdin,
            StdinOnce = request.Console.Stdin && request.Console.StdinOnce,
            Tty = request.Console.Tty,
            HostConfig = new HostConfig
            {
                PortBindings = portGroups.ToDictionary(
                    g => g.Key,
                    g => (IList<PortBinding>)g.Select(p => new PortBinding
                    {
                        HostIP = string.IsNullOrEmpty(p.HostIp) ? LoopbackIp : p.HostIp,
                        // "" asks the Engine for an ephemeral port.
                        HostPort = p.HostPort == 0 ? "" : p.HostPort.ToString(CultureInfo.InvariantCulture),
                    }).ToList()),
                Binds = request.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}{(m.ReadOnly ? ":ro" : "")}").ToList(),
                NetworkMode = request.NetworkMode!,
                Memory = request.MemoryLimitBytes ?? 0,
                NanoCPUs = request.NanoCpus ?? 0,
                // An init as PID 1 forwards SIGTERM and reaps zombies; without it a shell PID 1 ignores SIGTERM and every stop waits out the grace period.
                Init = true,
                // Restarts are the node agent's decision (pod restartPolicy), never the Engine's.
                RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.No },
                GroupAdd = security.SupplementalGroups?.Select(g => g.ToString(CultureInfo.InvariantCulture)).ToList()!,
                ReadonlyRootfs = security.ReadOnlyRootFilesystem,
                CapAdd = security.CapAdd?.ToList()!,
                CapDrop = security.CapDrop?.ToList()!,
                Privileged = security.Privileged,
                SecurityOpt = securityOptions.Count == 0 ? null! : securityOptions,
                PidMode = security.HostPid ? "host" : null!,
                IpcMode = security.HostIpc ? "host" : null!,
                LogConfig = request.LogLimits is { } limits
                    ? new LogConfig
                    {
                        Type = "json-file",
                        Config = new Dictionary<string, string>
                        {
                            // Plain bytes: the Engine reads a number without a unit as bytes.
                            ["max-size"] = limits.MaxBytes.ToString(CultureInfo.InvariantCulture),
                            ["max-file"] = limits.MaxFiles.ToString(CultureInfo.InvariantCulture),
                        },
                    }
                    : null!,
            },
        };
    }

    public static ContainerInfo ToInfo(ContainerInspectResponse c)
    {
        var state = c.State;
        var status = state?.Status ?? ContainerStates.Dead;
        // Docker keeps ExitCode 0 on containers that never ran; only report it once there is an outcome (exit or failed start).
        var hasOutcome = status is ContainerStates.Exited or ContainerStates.Dead
            || (status == ContainerStates.Created && !string.IsNullOrEmpty(state?.Error));
        int? exitCode = hasOutcome ? (int)(state?.ExitCode ?? 0) : null;

        var startedAt = ParseTime(state?.StartedAt);
        var finishedAt = ParseTime(state?.FinishedAt);
        // The Engine stamps a very short-lived container's exit before its start now and then; keep durations non-negative.
        if (finishedAt < startedAt)
        {
            finishedAt = startedAt;
        }

        return new ContainerInfo(
            c.ID,
            (c.Name ?? "").TrimStart('/'),
            c.Config?.Image ?? c.Image ?? "",
            new Dictionary<string, string>(c.Config?.Labels ?? new Dictionary<string, string>()),
            status,
            exitCode,
            state?.OOMKilled ?? false,
            string.IsNullOrEmpty(state?.Error) ? null : state.Error,
            startedAt,
            finishedAt,
            ToPorts(c),
            c.Image ?? "")
        {
            Pid = status == ContainerStates.Running ? (int)(state?.Pid ?? 0) : 0,
        };
    }

    private static List<PortMapping> ToPorts(ContainerInspectResponse c)
    {
        // Live bindings exist only while running; fall back to what was requested.
        var bindings = c.NetworkSettings?.Ports is { Count: > 0 } live ? live : c.HostConfig?.PortBindings;
        var ports = new List<PortMapping>();
        if (bindings is null)
        {
            return ports;
        }

        foreach (var (key, list) in bindings)
        {
            var slash = key.IndexOf('/');
            var containerPort = int.Parse(slash < 0 ? key : key[..slash], CultureInfo.InvariantCulture);
            var protocol = (slash < 0 ? "tcp" : key[(slash + 1)..]).ToUpperInvariant();
            foreach (var b in list ?? [])
            {
                var hostPort = int.TryParse(b.HostPort, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
                ports.Add(new PortMapping(containerPort, protocol, b.HostIP ?? "", hostPort));
            }
        }

        return ports.OrderBy(p => p.ContainerPort).ThenBy(p => p.Protocol, StringComparer.Ordinal).ToList();
    }

    private static string PortKey(PortMapping p) =>
        $"{p.ContainerPort.ToString(CultureInfo.InvariantCulture)}/{(string.IsNullOrEmpty(p.Protocol) ? "tcp" : p.Protocol.ToLowerInvariant())}";

    /// <summary>Docker reports "0001-01-01T00:00:00Z" for never; that becomes null.</summary>
    internal static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value)
            || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            || time.Year <= 1)
        {
            return null;
        }

        return time;
    }

    /// <summary>The Engine's "since" wants Unix seconds with an optional nanosecond fraction.</summary>
    internal static string ToUnixSince(DateTimeOffset since)
    {
        var ticks = since.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return $"{seconds.ToString(CultureInfo.InvariantCulture)}.{(remainder * 100).ToString("D9", CultureInfo.InvariantCulture)}";
    }
}
