using System.Collections.Concurrent;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Orleans.Kube.Runtime;

/// <summary><see cref="IContainerRuntime"/> over the local Docker Engine API.</summary>
public sealed class DockerContainerRuntime : IContainerRuntime, IDisposable
{
    public static readonly Uri DefaultEndpoint = new("unix:///var/run/docker.sock");

    // Inspecting every listed container keeps ListAsync exact (exit codes, times); bounded so a busy node does not flood the Engine.
    private const int InspectConcurrency = 8;
    private static readonly TimeSpan ExecExitPoll = TimeSpan.FromMilliseconds(20);

    // Whatever inspect says of a container (exit code, times, ports) only changes with its state,
    // and this runtime never restarts a container in place: a listed container whose state is the
    // one last inspected needs no new inspect ("created" excepted: a failed start adds an error
    // without a change of state). Bounded by clearing, as removed containers linger.
    private const int InspectCacheLimit = 20_000;
    private readonly ConcurrentDictionary<string, ContainerInfo> _inspected = new();

    private readonly DockerClient _client;

    /// <param name="endpoint">Engine endpoint; defaults to the local unix socket. The API version is left to the daemon.</param>
    public DockerContainerRuntime(Uri? endpoint = null)
    {
        _client = new DockerClientBuilder().WithEndpoint(endpoint ?? DefaultEndpoint).Build();
    }

    public void Dispose() => _client.Dispose();

    public async Task<IReadOnlyList<ContainerInfo>> ListAsync(IReadOnlyDictionary<string, string> labelFilter, CancellationToken ct)
    {
        var parameters = new ContainersListParameters { All = true, Filters = new Dictionary<string, IDictionary<string, bool>>() };
        if (labelFilter.Count > 0)
        {
            parameters.Filters["label"] = labelFilter.ToDictionary(kv => $"{kv.Key}={kv.Value}", _ => true);
        }

        var listed = await _client.Containers.ListContainersAsync(parameters, ct).ConfigureAwait(false);
        var infos = new ContainerInfo?[listed.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, listed.Count),
            new ParallelOptions { MaxDegreeOfParallelism = InspectConcurrency, CancellationToken = ct },
            async (i, token) => infos[i] = _inspected.TryGetValue(listed[i].ID, out var known) && known.State == listed[i].State && known.State != ContainerStates.Created
                ? known
                : await InspectAsync(listed[i].ID, token).ConfigureAwait(false)).ConfigureAwait(false);

        // A container removed between list and inspect is simply gone.
        return infos.OfType<ContainerInfo>().ToList();
    }

    public Task<ContainerUsage?> UsageAsync(string id, CancellationToken ct) =>
        Task.FromResult(CgroupUsage.Read(id));

    public async Task<ContainerInfo?> InspectAsync(string id, CancellationToken ct)
    {
        try
        {
            var response = await _client.Containers.InspectContainerAsync(id, ct).ConfigureAwait(false);
            var info = DockerMapping.ToInfo(response);
            if (_inspected.Count >= InspectCacheLimit)
                _inspected.Clear();
            _inspected[id] = info;
            return info;
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e))
        {
            return null;
        }
    }

    public async Task EnsureImageAsync(string image, string pullPolicy, CancellationToken ct)
    {
        var policy = ImagePullPolicies.Resolve(pullPolicy, image);
        if (policy != ImagePullPolicies.Always && await ImageExistsAsync(image, ct).ConfigureAwait(false))
        {
            return;
        }

        if (policy == ImagePullPolicies.Never)
        {
            throw new ImagePullException(image, "ErrImageNeverPull");
        }

        await PullAsync(image, ct).ConfigureAwait(false);
    }

    public async Task EnsureImportedImageAsync(string image, Func<Stream> rootfs, IReadOnlyList<string> changes, CancellationToken ct)
    {
        if (await ImageExistsAsync(image, ct).ConfigureAwait(false))
        {
            return;
        }

        var reference = ImageReference.Parse(image);
        await using var tar = rootfs();
        var progress = new PullProgress();
        await _client.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = reference.Repository, Tag = reference.PullTag, Changes = changes.ToList() },
            tar,
            null,
            progress,
            ct).ConfigureAwait(false);
        if (progress.Error is { } error || !await ImageExistsAsync(image, ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"could not import image {image}: {progress.Error ?? "not present after import"}");
        }
    }

    public async Task<string> ImageUserAsync(string image, CancellationToken ct)
    {
        var inspected = await _client.Images.InspectImageAsync(image, ct).ConfigureAwait(false);
        return inspected.Config?.User ?? "";
    }

    private async Task<bool> ImageExistsAsync(string image, CancellationToken ct)
    {
        try
        {
            await _client.Images.InspectImageAsync(image, ct).ConfigureAwait(false);
            return true;
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e))
        {
            return false;
        }
    }

    private async Task PullAsync(string image, CancellationToken ct)
    {
        var reference = ImageReference.Parse(image);
        var progress = new PullProgress();
        try
        {
            await _client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = reference.Repository, Tag = reference.PullTag },
                null,
                progress,
                ct).ConfigureAwait(false);
        }
        catch (DockerApiException e)
        {
            // Unreachable registry, unknown repository or tag, denied auth: all fail before any layer arrives.
            throw new ImagePullException(image, $"ErrImagePull: {DockerErrors.MessageOf(e)}");
        }

        // Failures after the pull started arrive in the message stream, not as an HTTP status.
        if (progress.Error is { } error)
        {
            throw new ImagePullException(image, $"ErrImagePull: {error}");
        }

        if (!await ImageExistsAsync(image, ct).ConfigureAwait(false))
        {
            throw new ImagePullException(image, "ErrImagePull: the pull finished but the image is not present");
        }
    }

    public async Task<string> CreateAsync(ContainerCreateRequest request, CancellationToken ct)
    {
        try
        {
            var response = await _client.Containers.CreateContainerAsync(DockerMapping.ToCreateParameters(request), ct).ConfigureAwait(false);
            return response.ID;
        }
        catch (DockerImageNotFoundException e)
        {
            throw new ImagePullException(request.Image, $"ErrImagePull: image is not present locally ({DockerErrors.MessageOf(e)})");
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException(DockerErrors.MessageOf(e), e);
        }
    }

    public async Task StartAsync(string id, CancellationToken ct)
    {
        try
        {
            // Returns false (304) when already running, which is fine.
            await _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e))
        {
            throw new ContainerNotFoundException(id, e);
        }
        catch (DockerApiException e)
        {
            // E.g. the entrypoint does not exist: the container stays "created" with State.Error set.
            throw new InvalidOperationException(DockerErrors.MessageOf(e), e);
        }
    }

    public async Task StopAsync(string id, TimeSpan grace, CancellationToken ct)
    {
        var seconds = (uint)Math.Clamp(Math.Ceiling(grace.TotalSeconds), 0, uint.MaxValue);
        try
        {
            // The Engine sends SIGTERM, waits, then SIGKILLs; it answers 304 for an already stopped container.
            await _client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, ct).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e))
        {
        }
    }

    public async Task RemoveAsync(string id, CancellationToken ct)
    {
        _inspected.TryRemove(id, out _);
        try
        {
            await _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct).ConfigureAwait(false);
        }
        catch (DockerApiException e) when (DockerErrors.IsNotFound(e))
        {
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict
            && e.ResponseBody?.Contains("already in progress", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Someone else is removing it; the outcome is the same.
        }
    }

    public async Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct)
    {
        var exec = await DockerErrors.OnContainerAsync(id, () => _client.Exec.CreateContainerExecAsync(
            id,
            new ContainerExecCreateParameters { Cmd = command.ToList(), AttachStdout = true, AttachStderr = true },
            ct)).ConfigureAwait(false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var stream = await DockerErrors.OnContainerAsync(
                id,
                () => _client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), deadline.Token)).ConfigureAwait(false);
            // Disposing unblocks a socket read that ignores the token.
            using var unblock = deadline.Token.Register(stream.Dispose);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(deadline.Token).ConfigureAwait(false);
            var exitCode = await WaitExecExitAsync(_client, exec.ID, deadline.Token).ConfigureAwait(false);
            return new ExecResult(exitCode, stdout, stderr);
        }
        catch (Exception e) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested && e is OperationCanceledException or ObjectDisposedException or IOException)
        {
            throw new TimeoutException($"exec in {id} did not finish within {timeout}", e);
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is ObjectDisposedException or IOException)
        {
            throw new OperationCanceledException(ct);
        }
    }

    /// <summary>The output stream can close a moment before the Engine records the exit code.</summary>
    internal static async Task<int> WaitExecExitAsync(DockerClient client, string execId, CancellationToken ct)
    {
        while (true)
        {
            var inspect = await client.Exec.InspectContainerExecAsync(execId, ct).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } code)
            {
                return (int)code;
            }

            await Task.Delay(ExecExitPoll, ct).ConfigureAwait(false);
        }
    }

    public async Task StreamLogsAsync(string id, Stream output, bool follow, long? tailLines, DateTimeOffset? since, bool timestamps, CancellationToken ct)
    {
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Follow = follow,
            Timestamps = timestamps,
            Tail = tailLines is >= 0 ? tailLines.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all",
            Since = since is { } s ? DockerMapping.ToUnixSince(s) : null!,
        };

        using var stream = await DockerErrors.OnContainerAsync(id, () => _client.Containers.GetContainerLogsAsync(id, parameters, ct)).ConfigureAwait(false);
        using var unblock = ct.Register(stream.Dispose);
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                if (read.EOF)
                {
                    break;
                }

                await output.WriteAsync(buffer.AsMemory(0, read.Count), ct).ConfigureAwait(false);
                if (follow)
                {
                    // A follower is watching live; do not sit on buffered lines.
                    await output.FlushAsync(ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is ObjectDisposedException or IOException)
        {
            throw new OperationCanceledException("log streaming was cancelled", e, ct);
        }

        await output.FlushAsync(ct).ConfigureAwait(false);
    }

    public async Task<IExecSession> StartExecAsync(string id, IReadOnlyList<string> command, bool stdin, bool tty, CancellationToken ct)
    {
        var exec = await DockerErrors.OnContainerAsync(id, () => _client.Exec.CreateContainerExecAsync(
            id,
            new ContainerExecCreateParameters { Cmd = command.ToList(), AttachStdin = stdin, AttachStdout = true, AttachStderr = true, TTY = tty },
            ct)).ConfigureAwait(false);
        var stream = await DockerErrors.OnContainerAsync(
            id,
            () => _client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters { TTY = tty }, ct)).ConfigureAwait(false);
        return new DockerStdioSession(
            stream, c => WaitExecExitAsync(_client, exec.ID, c), (size, c) => _client.Exec.ResizeExecTtyAsync(exec.ID, size, c), tty);
    }

    public async Task<IExecSession> AttachAsync(string id, bool stdin, bool tty, bool replayLogs, CancellationToken ct)
    {
        var config = (await DockerErrors.OnContainerAsync(id, () => _client.Containers.InspectContainerAsync(id, ct)).ConfigureAwait(false)).Config;
        var stream = await DockerErrors.OnContainerAsync(id, () => _client.Containers.AttachContainerAsync(
            id,
            new ContainerAttachParameters { Stream = true, Logs = replayLogs, Stdin = stdin, Stdout = true, Stderr = true },
            ct)).ConfigureAwait(false);
        // The stream ends when the container exits; its outcome is the pod's status, not this session's.
        return new DockerStdioSession(
            stream, _ => Task.FromResult(0), (size, c) => _client.Containers.ResizeContainerTtyAsync(id, size, c), tty,
            closableStdin: config?.StdinOnce == true && !tty);
    }

    /// <summary>Records the first error in the pull's message stream; reports arrive synchronously, unlike <see cref="Progress{T}"/>.</summary>
    private sealed class PullProgress : IProgress<JSONMessage>
    {
        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            if (Error is null && !string.IsNullOrEmpty(value.Error?.Message))
            {
                Error = value.Error.Message;
            }
        }
    }
}
