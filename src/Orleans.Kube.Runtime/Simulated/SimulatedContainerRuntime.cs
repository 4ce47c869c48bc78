using System.Security.Cryptography;
using System.Text;

namespace Orleans.Kube.Runtime;

/// <summary>
/// A kwok-style <see cref="IContainerRuntime"/>: containers live in memory and "run" the moment they start, so a control
/// plane can be driven with thousands of simulated nodes. Behavior per container comes from
/// <see cref="SimulatedRuntimeOptions.Behavior"/> or <see cref="SimulatedLabels"/>. Thread-safe; ids, ports and order are
/// deterministic for a given sequence of calls, and time comes only from the configured <see cref="TimeProvider"/>.
/// </summary>
public sealed class SimulatedContainerRuntime(SimulatedRuntimeOptions? options = null) : IContainerRuntime
{
    private readonly SimulatedRuntimeOptions _options = options ?? new SimulatedRuntimeOptions();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedContainer> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _idByName = new(StringComparer.Ordinal);
    private readonly HashSet<string>? _images = options?.AllImagesPresent == false
        ? options.PreloadedImages.Select(Normalize).ToHashSet(StringComparer.Ordinal)
        : null;
    private long _sequence;
    private int _nextPort = options?.FirstEphemeralPort ?? new SimulatedRuntimeOptions().FirstEphemeralPort;

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    /// <summary>Containers currently known, stopped ones included.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    public Task<IReadOnlyList<ContainerInfo>> ListAsync(IReadOnlyDictionary<string, string> labelFilter, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = Now;
        lock (_gate)
        {
            var result = _byId.Values
                .Where(c => labelFilter.All(kv => c.Request.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                .OrderBy(c => c.Sequence)
                .Select(c =>
                {
                    c.Refresh(now);
                    return c.ToInfo();
                })
                .ToList();
            return Task.FromResult<IReadOnlyList<ContainerInfo>>(result);
        }
    }

    public Task<ContainerInfo?> InspectAsync(string id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = Now;
        lock (_gate)
        {
            var container = Find(id);
            container?.Refresh(now);
            return Task.FromResult(container?.ToInfo());
        }
    }

    /// <summary>
    /// Synthetic usage for control-plane benchmarks: a running container burns 5 millicores
    /// (5 ms of CPU per second since it started) and holds 4 MiB.
    /// </summary>
    public Task<ContainerUsage?> UsageAsync(string id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = Now;
        lock (_gate)
        {
            var container = Find(id);
            container?.Refresh(now);
            if (container is not { State: ContainerStates.Running, StartedAt: { } started })
                return Task.FromResult<ContainerUsage?>(null);
            var cpu = (ulong)Math.Max(0, (now - started).Ticks) * 100 * 5 / 1000; // ticks are 100 ns
            return Task.FromResult<ContainerUsage?>(new ContainerUsage(cpu, 4L << 20, now));
        }
    }

    public Task<string> ImageUserAsync(string image, CancellationToken ct) => Task.FromResult("");

    public Task EnsureImageAsync(string image, string pullPolicy, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var policy = ImagePullPolicies.Resolve(pullPolicy, image);
        if (policy != ImagePullPolicies.Always && IsPresent(image))
        {
            return Task.CompletedTask;
        }

        if (policy == ImagePullPolicies.Never)
        {
            throw new ImagePullException(image, "ErrImageNeverPull");
        }

        if (_options.PullError?.Invoke(image) is { } error)
        {
            throw new ImagePullException(image, $"ErrImagePull: {error}");
        }

        if (_images is not null)
        {
            lock (_gate)
            {
                _images.Add(Normalize(image));
            }
        }

        return Task.CompletedTask;
    }

    public Task EnsureImportedImageAsync(string image, Func<Stream> rootfs, IReadOnlyList<string> changes, CancellationToken ct)
    {
        if (_images is not null)
        {
            lock (_gate)
            {
                _images.Add(Normalize(image));
            }
        }

        return Task.CompletedTask;
    }

    public Task<string> CreateAsync(ContainerCreateRequest request, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!IsPresent(request.Image))
        {
            throw new ImagePullException(request.Image, "ErrImagePull: image is not present locally");
        }

        // Decide outside the lock: the callback is user code.
        var behavior = _options.Behavior?.Invoke(request) ?? SimulatedLabels.Parse(request.Labels);
        lock (_gate)
        {
            if (_idByName.ContainsKey(request.Name))
            {
                throw new InvalidOperationException($"container name \"{request.Name}\" is already in use");
            }

            var sequence = ++_sequence;
            var id = MakeId(sequence);
            var ports = request.Ports
                .Select(p => new PortMapping(
                    p.ContainerPort,
                    string.IsNullOrEmpty(p.Protocol) ? "TCP" : p.Protocol.ToUpperInvariant(),
                    string.IsNullOrEmpty(p.HostIp) ? "127.0.0.1" : p.HostIp,
                    p.HostPort == 0 ? NextEphemeralPort() : p.HostPort))
                .ToList();
            _byId[id] = new SimulatedContainer(sequence, id, request, behavior, ports);
            _idByName[request.Name] = id;
            return Task.FromResult(id);
        }
    }

    public Task StartAsync(string id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = Now;
        lock (_gate)
        {
            var container = Find(id) ?? throw new ContainerNotFoundException(id);
            container.Refresh(now);
            if (container.State != ContainerStates.Running)
            {
                container.Start(now);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(string id, TimeSpan grace, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var now = Now;
        lock (_gate)
        {
            if (Find(id) is { } container)
            {
                container.Refresh(now);
                if (container.State == ContainerStates.Running)
                {
                    container.Exit(grace > TimeSpan.Zero ? container.Behavior.StopExitCode : 137, false, now);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string id, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (Find(id) is { } container)
            {
                _byId.Remove(container.Id);
                _idByName.Remove(container.Request.Name);
                container.MarkRemoved();
            }
        }

        return Task.CompletedTask;
    }

    public Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var behavior = RunningBehavior(id);
        return Task.FromResult(new ExecResult(behavior.ExecExitCode, behavior.ExecStdout, behavior.ExecStderr));
    }

    public Task<IExecSession> StartExecAsync(string id, IReadOnlyList<string> command, bool stdin, bool tty, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        return Task.FromResult<IExecSession>(new SimulatedExecSession(command, stdin, RunningBehavior(id)));
    }

    public Task<IExecSession> AttachAsync(string id, bool stdin, bool tty, bool replayLogs, CancellationToken ct) =>
        throw new InvalidOperationException("attach is not supported on simulated nodes");

    public async Task StreamLogsAsync(string id, Stream output, bool follow, long? tailLines, DateTimeOffset? since, bool timestamps, CancellationToken ct)
    {
        SimulatedContainer container;
        List<SimulatedLogEntry> batch;
        int next;
        lock (_gate)
        {
            container = Find(id) ?? throw new ContainerNotFoundException(id);
            container.Refresh(Now);
            next = container.Logs.Count;
            IEnumerable<SimulatedLogEntry> selected = container.Logs.Where(e => since is null || e.Time >= since);
            if (tailLines is >= 0)
            {
                selected = selected.TakeLast((int)Math.Min(tailLines.Value, int.MaxValue));
            }

            batch = selected.ToList();
        }

        await WriteAsync(output, batch, timestamps, ct).ConfigureAwait(false);
        while (follow)
        {
            Task changed;
            DateTimeOffset? exitAt;
            lock (_gate)
            {
                container.Refresh(Now);
                batch = container.Logs.Skip(next).ToList();
                next = container.Logs.Count;
                changed = container.Changed;
                exitAt = container.ScheduledExit;
                follow = !container.Removed && container.State == ContainerStates.Running;
            }

            await WriteAsync(output, batch, timestamps, ct).ConfigureAwait(false);
            if (!follow)
            {
                break;
            }

            // Wake on new lines or state changes, or when a scheduled exit falls due on the configured clock.
            if (exitAt is { } due)
            {
                using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var delay = Task.Delay(Max(due - Now, TimeSpan.Zero), _options.TimeProvider, timer.Token);
                await Task.WhenAny(changed, delay).WaitAsync(ct).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
            }
            else
            {
                await changed.WaitAsync(ct).ConfigureAwait(false);
            }
        }

        await output.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Appends a line to a container's log, as if the process wrote it (1 = stdout, 2 = stderr).</summary>
    public void AppendLog(string id, string line, int stream = 1)
    {
        var now = Now;
        lock (_gate)
        {
            var container = Find(id) ?? throw new ContainerNotFoundException(id);
            container.AppendLog(new SimulatedLogEntry(now, stream, line));
        }
    }

    /// <summary>Makes a running container exit now, as an unexpected crash (or OOM kill) that the node agent must notice.</summary>
    public void Crash(string id, int exitCode, bool oomKilled = false)
    {
        var now = Now;
        lock (_gate)
        {
            var container = Find(id) ?? throw new ContainerNotFoundException(id);
            container.Refresh(now);
            if (container.State == ContainerStates.Running)
            {
                container.Exit(exitCode, oomKilled, now);
            }
        }
    }

    /// <summary>Wraps around like a real ephemeral range; simulated ports are never bound, so reuse is harmless. Holds the lock.</summary>
    private int NextEphemeralPort()
    {
        if (_nextPort > 65535)
        {
            _nextPort = _options.FirstEphemeralPort;
        }

        return _nextPort++;
    }

    private SimulatedBehavior RunningBehavior(string id)
    {
        var now = Now;
        lock (_gate)
        {
            var container = Find(id) ?? throw new ContainerNotFoundException(id);
            container.Refresh(now);
            return container.State == ContainerStates.Running
                ? container.Behavior
                : throw new InvalidOperationException($"container {container.Id} is not running");
        }
    }

    private SimulatedContainer? Find(string idOrName) =>
        _byId.GetValueOrDefault(idOrName)
        ?? (_idByName.TryGetValue(idOrName, out var id) ? _byId.GetValueOrDefault(id) : null);

    private bool IsPresent(string image)
    {
        if (_images is null)
        {
            return true;
        }

        lock (_gate)
        {
            return _images.Contains(Normalize(image));
        }
    }

    private static string Normalize(string image)
    {
        var reference = ImageReference.Parse(image);
        return reference.Digest is null ? $"{reference.Repository}:{reference.Tag}" : $"{reference.Repository}@{reference.Digest}";
    }

    /// <summary>Docker-shaped (64 hex) ids derived from the seed and creation order.</summary>
    private string MakeId(long sequence) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{_options.IdSeed}/{sequence}")));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static async Task WriteAsync(Stream output, List<SimulatedLogEntry> entries, bool timestamps, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(entry.Format(timestamps));
        }

        await output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), ct).ConfigureAwait(false);
        await output.FlushAsync(ct).ConfigureAwait(false);
    }
}
