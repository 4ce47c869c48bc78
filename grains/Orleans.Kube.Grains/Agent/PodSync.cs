using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Runtime;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Grains;

/// <summary>Something the agent reports as an Event on the pod.</summary>
public sealed record PodEvent(string Type, string Reason, string Message);

/// <summary>
/// Brings one pod's containers in line with its spec (init containers in order, restart policy
/// with back-off, probes) and derives the pod status from what the runtime reports.
/// </summary>
public sealed class PodSync(IContainerRuntime runtime, string nodeName, NodeAgentOptions options, ContainerRequests.ObjectReader read, PodVolumes volumes, PodNetwork? network = null)
{
    private readonly Dictionary<string, ContainerTrack> tracks = [];
    // The pod's sandbox while it has one (containers join its namespace), and what joining it means.
    private ContainerInfo? sandbox;
    private PodNetworkJoin? join;
    private string? attachFailure;
    private readonly DateTimeOffset firstSeen = DateTimeOffset.UtcNow;
    public List<PodEvent> Events { get; } = [];

    public async Task<JsonObject> SyncAsync(JsonObject pod, IReadOnlyList<ContainerInfo> containers, CancellationToken ct)
    {
        var spec = pod["spec"] as JsonObject ?? new JsonObject();
        var policy = spec.GetString("restartPolicy") ?? "Always";
        var inits = Specs(spec["initContainers"]);
        var mains = Specs(spec["containers"]);
        var failed = false;
        // Whether this pass created a container: only then is the runtime asked again for the pod's containers.
        var acted = false;
        if (network is not null && pod["status"].GetString("podIP") is { Length: > 0 } podIp && podIp != options.BindAddress)
        {
            var (ready, replaced) = await EnsureSandboxAsync(pod, podIp, containers, ct);
            if (replaced)
            {
                // The old namespace's containers are gone with it; they start again in the new one.
                containers = containers.Where(PodSandbox.IsSandbox).ToList();
                acted = true;
            }
            if (!ready)
                return BuildStatus(pod, inits, mains, await runtime.ListAsync(new Dictionary<string, string> { [ContainerLabels.PodUid] = pod.Uid()! }, ct), policy, false, false);
        }
        if (containers.Any(c => c.State == "running" && !PodSandbox.IsSandbox(c)))
            await RefreshVolumesAsync(pod);

        var initialized = true;
        foreach (var init in inits)
        {
            var latest = Latest(containers, init, true);
            var track = Track(init, true, containers);
            if (latest is { State: "exited", ExitCode: 0 })
                continue;
            initialized = false;
            if (latest is null)
            {
                acted = true;
                await StartAsync(pod, init, true, track, ct);
            }
            else if (latest.State == "exited")
            {
                if (policy == "Never")
                    failed = true;
                else
                {
                    acted = true;
                    await RestartAsync(pod, init, true, track, latest, ct);
                }
            }
            break;
        }

        if (initialized && !failed)
            foreach (var main in mains)
            {
                var track = Track(main, false, containers);
                var latest = Latest(containers, main, false);
                if (latest is null)
                {
                    acted = true;
                    await StartAsync(pod, main, false, track, ct);
                }
                else if (latest.State == "running")
                    // In a sandbox, the probed ports are the ones the sandbox publishes.
                    await ProbeAsync(main, track, sandbox is null ? latest : latest with { Ports = sandbox.Ports }, ct);
                else if (latest.State is "exited" or "dead" or "created" && ShouldRestart(policy, latest))
                {
                    acted = true;
                    await RestartAsync(pod, main, false, track, latest, ct);
                }
            }

        // A steady pod's status comes from the node-wide listing this pass started from: listing and
        // inspecting every pod again each second cost the Engine 2 calls per pod per second.
        var fresh = acted ? await runtime.ListAsync(new Dictionary<string, string> { [ContainerLabels.PodUid] = pod.Uid()! }, ct) : containers;
        return BuildStatus(pod, inits, mains, fresh, policy, initialized, failed);
    }

    private static bool ShouldRestart(string policy, ContainerInfo latest) =>
        policy == "Always" || (policy == "OnFailure" && latest.ExitCode != 0) || latest.State == "created";

    private async Task StartAsync(JsonObject pod, JsonObject container, bool init, ContainerTrack track, CancellationToken ct)
    {
        var name = container.GetString("name")!;
        var image = container.GetString("image")!;
        try
        {
            await runtime.EnsureImageAsync(image, container.GetString("imagePullPolicy") ?? "IfNotPresent", ct);
        }
        catch (ImagePullException ex)
        {
            var reason = track.Waiting?.Reason is "ErrImagePull" or "ImagePullBackOff" ? "ImagePullBackOff" : "ErrImagePull";
            if (track.Waiting?.Reason != reason)
                Events.Add(new PodEvent("Warning", reason == "ErrImagePull" ? "Failed" : "BackOff", $"Failed to pull image \"{image}\": {ex.Message}"));
            track.Waiting = (reason, ex.Message);
            return;
        }
        ContainerCreateRequest request;
        try
        {
            await volumes.EnsureAsync(pod, strict: true);
            request = await ContainerRequests.BuildAsync(pod, container, init, track.RestartCount, nodeName, options.BindAddress, read, volumes.Mounts(pod, container), join);
            request = request with
            {
                Security = await SecurityContexts.ResolveAsync(pod, container, image => runtime.ImageUserAsync(image, ct)),
                LogLimits = options.LogLimits(),
            };
        }
        catch (ContainerConfigException ex)
        {
            if (track.Waiting?.Reason != "CreateContainerConfigError")
                Events.Add(new PodEvent("Warning", "Failed", $"Error: {ex.Message}"));
            track.Waiting = ("CreateContainerConfigError", ex.Message);
            return;
        }
        try
        {
            var id = await runtime.CreateAsync(request, ct);
            Events.Add(new PodEvent("Normal", "Created", $"Created container {name}"));
            await runtime.StartAsync(id, ct);
            Events.Add(new PodEvent("Normal", "Started", $"Started container {name}"));
            AgentMetrics.StartedContainers.WithLabels(init ? "init_container" : "container").Inc();
            track.Waiting = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (track.Waiting?.Reason != "CreateContainerError")
                Events.Add(new PodEvent("Warning", "Failed", $"Error: {ex.Message}"));
            track.Waiting = ("CreateContainerError", ex.Message);
        }
    }

    /// <summary>
    /// Keeps the pod's sandbox running and attached to the pod network. A sandbox that stopped
    /// takes the pod's containers with it (they shared its namespace): all are removed and a new
    /// sandbox made, as kubelet does on SandboxChanged. Returns whether the sandbox is ready and
    /// whether it was (re)made with containers of an old one removed.
    /// </summary>
    private async Task<(bool Ready, bool Replaced)> EnsureSandboxAsync(JsonObject pod, string podIp, IReadOnlyList<ContainerInfo> containers, CancellationToken ct)
    {
        var current = containers.Where(PodSandbox.IsSandbox).OrderByDescending(Attempt).FirstOrDefault();
        var replaced = false;
        if (current is not { State: "running", Pid: > 0 })
        {
            if (current is not null)
                Events.Add(new PodEvent("Normal", "SandboxChanged", "Pod sandbox changed, it will be killed and re-created."));
            foreach (var old in containers)
                await runtime.RemoveAsync(old.Id, ct);
            replaced = containers.Count > 0;
            current = await StartSandboxAsync(pod, podIp, current is null ? 0 : Attempt(current) + 1, ct);
            if (current is null)
                return (false, replaced);
        }
        sandbox = current;
        try
        {
            await network!.AttachAsync(current.Id, current.Pid, System.Net.IPAddress.Parse(podIp), ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException
                                   or System.Net.Sockets.SocketException or System.ComponentModel.Win32Exception)
        {
            // The pod still runs (inbound works through the sandbox's published ports); it lacks cluster egress and DNS.
            if (attachFailure != ex.Message)
                Events.Add(new PodEvent("Warning", "FailedPodNetwork", $"Could not attach the pod network: {ex.Message}"));
            attachFailure = ex.Message;
        }
        join ??= new PodNetworkJoin($"container:{current.Id}", await NetworkFilesAsync(pod, podIp), network!.ServiceEnvironment(pod));
        if (join.NetworkMode != $"container:{current.Id}")
            join = join with { NetworkMode = $"container:{current.Id}" };
        return (true, replaced);
    }

    private async Task<ContainerInfo?> StartSandboxAsync(JsonObject pod, string podIp, int attempt, CancellationToken ct)
    {
        try
        {
            await PodSandbox.EnsureImageAsync(runtime, ct);
            var mounts = await NetworkFilesAsync(pod, podIp);
            var id = await runtime.CreateAsync(PodSandbox.Request(pod, nodeName, options.BindAddress, attempt, mounts), ct);
            await runtime.StartAsync(id, ct);
            join = null;
            return await runtime.InspectAsync(id, ct) is { State: "running", Pid: > 0 } started ? started : null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ContainerNotFoundException)
        {
            Events.Add(new PodEvent("Warning", "FailedCreatePodSandBox", $"Failed to create pod sandbox: {ex.Message}"));
            return null;
        }
    }

    private Task<IReadOnlyList<MountSpec>> NetworkFilesAsync(JsonObject pod, string podIp) =>
        volumes.WriteNetworkFilesAsync(pod.Uid()!,
            PodNetworkFiles.Hosts(pod, podIp, network!.ClusterDomain),
            PodNetworkFiles.ResolvConf(pod, network.DnsAddress, network.ClusterDomain, PodNetworkFiles.HostSearch()));

    /// <summary>ConfigMap and Secret changes reach running containers through their projected volumes.</summary>
    private async Task RefreshVolumesAsync(JsonObject pod)
    {
        try
        {
            await volumes.EnsureAsync(pod, strict: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ContainerConfigException)
        {
            Events.Add(new PodEvent("Warning", "FailedMount", $"Could not refresh volumes: {ex.Message}"));
        }
    }

    private async Task RestartAsync(JsonObject pod, JsonObject container, bool init, ContainerTrack track, ContainerInfo latest, CancellationToken ct)
    {
        if (track.LastTerminated?.Id != latest.Id)
        {
            // First sight of this exit: it becomes lastState and the back-off starts.
            track.LastTerminated = latest;
            track.BackoffUntil = DateTimeOffset.UtcNow + ContainerTrack.Backoff(track.RestartCount);
        }
        if (DateTimeOffset.UtcNow < track.BackoffUntil)
        {
            var name = container.GetString("name");
            if (track.Waiting?.Reason != "CrashLoopBackOff")
                Events.Add(new PodEvent("Warning", "BackOff", $"Back-off restarting failed container {name} in pod {pod.Name()}"));
            track.Waiting = ("CrashLoopBackOff", $"back-off restarting failed container {name} in pod {pod.Name()}");
            return;
        }
        // Keep exactly one previous run (for lastState and logs --previous).
        foreach (var older in await runtime.ListAsync(new Dictionary<string, string>
                 {
                     [ContainerLabels.PodUid] = pod.Uid()!,
                     [ContainerLabels.Container] = container.GetString("name")!,
                 }, ct))
            if (older.Id != latest.Id)
                await runtime.RemoveAsync(older.Id, ct);
        track.RestartCount++;
        await StartAsync(pod, container, init, track, ct);
    }

    private async Task ProbeAsync(JsonObject container, ContainerTrack track, ContainerInfo running, CancellationToken ct)
    {
        if (track.ProbedContainerId != running.Id)
            track.ResetProbes(container, running.Id);
        var startedAt = running.StartedAt ?? DateTimeOffset.UtcNow;
        var startup = track.ProbeOf("startup");
        if (startup is not null && !startup.Succeeded)
        {
            await startup.RunIfDueAsync(runtime, running, container, startedAt, ct);
            if (!startup.Healthy)
                await KillUnhealthyAsync(container, track, running, startup, ct);
            return;
        }
        foreach (var probe in track.Probes.Where(p => p.Kind != "startup"))
        {
            var wasHealthy = probe.Healthy;
            if (!await probe.RunIfDueAsync(runtime, running, container, startedAt, ct))
                continue;
            if (wasHealthy && !probe.Healthy && probe.Kind == "readiness")
                Events.Add(new PodEvent("Warning", "Unhealthy", $"Readiness probe failed: {probe.LastFailure}"));
            if (!probe.Healthy && probe.Kind == "liveness")
                await KillUnhealthyAsync(container, track, running, probe, ct);
        }
    }

    private async Task KillUnhealthyAsync(JsonObject container, ContainerTrack track, ContainerInfo running, Probe probe, CancellationToken ct)
    {
        var name = container.GetString("name");
        var kind = probe.Kind == "startup" ? "Startup" : "Liveness";
        Events.Add(new PodEvent("Warning", "Unhealthy", $"{kind} probe failed: {probe.LastFailure}"));
        Events.Add(new PodEvent("Normal", "Killing", $"Container {name} failed {probe.Kind} probe, will be restarted"));
        track.ProbedContainerId = null;
        await runtime.StopAsync(running.Id, TimeSpan.FromSeconds(2), ct);
    }

    private ContainerTrack Track(JsonObject container, bool init, IReadOnlyList<ContainerInfo> containers)
    {
        var key = (init ? "init:" : "") + container.GetString("name");
        if (!tracks.TryGetValue(key, out var track))
        {
            // A restarted agent adopts its containers: the restart count is in their labels.
            var attempts = containers.Where(c => Matches(c, container, init)).Select(Attempt).DefaultIfEmpty(0).Max();
            track = new ContainerTrack { RestartCount = attempts };
            tracks[key] = track;
        }
        return track;
    }

    private static ContainerInfo? Latest(IReadOnlyList<ContainerInfo> containers, JsonObject container, bool init) =>
        containers.Where(c => Matches(c, container, init)).OrderByDescending(Attempt).FirstOrDefault();

    private static bool Matches(ContainerInfo info, JsonObject container, bool init) =>
        info.Labels.GetValueOrDefault(ContainerLabels.Container) == container.GetString("name") &&
        info.Labels.GetValueOrDefault(ContainerLabels.Init) == (init ? "true" : "false");

    private static int Attempt(ContainerInfo info) =>
        int.TryParse(info.Labels.GetValueOrDefault(ContainerLabels.Attempt), out var n) ? n : 0;

    private static List<JsonObject> Specs(JsonNode? list) => (list as JsonArray)?.OfType<JsonObject>().ToList() ?? [];

    private JsonObject BuildStatus(JsonObject pod, List<JsonObject> inits, List<JsonObject> mains,
        IReadOnlyList<ContainerInfo> containers, string policy, bool initialized, bool initFailed)
    {
        var initStatuses = new JsonArray(inits.Select(c => (JsonNode)ContainerStatus(c, true, containers)).ToArray());
        var mainStatuses = mains.Select(c => ContainerStatus(c, false, containers)).ToList();

        var running = mainStatuses.Count(s => s["state"]?["running"] is not null);
        var terminated = mainStatuses.Where(s => s["state"]?["terminated"] is not null).ToList();
        var allReady = mainStatuses.Count > 0 && mainStatuses.All(s => s["ready"]?.GetValue<bool>() == true);
        string phase;
        if (initFailed)
            phase = "Failed";
        else if (policy != "Always" && mainStatuses.Count > 0 && terminated.Count == mainStatuses.Count)
            phase = terminated.All(s => s["state"]!["terminated"]!["exitCode"]!.GetValue<int>() == 0) ? "Succeeded" : "Failed";
        else if (running > 0 || mainStatuses.Any(s => s["restartCount"]!.GetValue<int>() > 0 || s["lastState"]?["terminated"] is not null))
            phase = "Running";
        else
            phase = "Pending";

        var now = ObjectMeta.Timestamp(DateTimeOffset.UtcNow);
        var old = pod["status"]?["conditions"] as JsonArray;
        var ready = allReady && phase == "Running";
        var conditions = new JsonArray(
            Condition(old, "PodReadyToStartContainers", "True", now),
            Condition(old, "Initialized", initialized ? "True" : "False", now),
            Condition(old, "Ready", ready ? "True" : "False", now),
            Condition(old, "ContainersReady", ready ? "True" : "False", now));
        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = conditions,
            ["hostIP"] = options.BindAddress,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = options.BindAddress }),
            ["startTime"] = pod["status"]?["startTime"]?.DeepClone() ?? ObjectMeta.Timestamp(firstSeen),
        };
        if (inits.Count > 0)
            status["initContainerStatuses"] = initStatuses;
        status["containerStatuses"] = new JsonArray(mainStatuses.Select(s => (JsonNode)s).ToArray());
        return status;
    }

    private static JsonObject Condition(JsonArray? old, string type, string status, string now)
    {
        var previous = old?.OfType<JsonObject>().FirstOrDefault(c => c.GetString("type") == type);
        return new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = previous?.GetString("status") == status ? previous!["lastTransitionTime"]?.DeepClone() : now,
        };
    }

    private JsonObject ContainerStatus(JsonObject container, bool init, IReadOnlyList<ContainerInfo> containers)
    {
        var name = container.GetString("name")!;
        var track = tracks.GetValueOrDefault((init ? "init:" : "") + name) ?? new ContainerTrack();
        var latest = Latest(containers, container, init);
        var state = new JsonObject();
        var ready = false;
        if (track.Waiting is { } waiting && (latest is null || latest.State != "running"))
            state["waiting"] = new JsonObject { ["reason"] = waiting.Reason, ["message"] = waiting.Message };
        else if (latest is null || latest.State == "created")
            state["waiting"] = new JsonObject { ["reason"] = init ? "PodInitializing" : "ContainerCreating" };
        else if (latest.State == "running")
        {
            state["running"] = new JsonObject { ["startedAt"] = Time(latest.StartedAt) };
            var startupDone = track.ProbeOf("startup") is not { Succeeded: false };
            ready = !init && startupDone && (track.ProbeOf("readiness")?.Healthy ?? true);
        }
        else
            state["terminated"] = Terminated(latest);

        var status = new JsonObject
        {
            ["name"] = name,
            ["image"] = container.GetString("image"),
            // As cri-dockerd reports an image known by its id: docker://sha256:...
            ["imageID"] = latest?.ImageId is { Length: > 0 } imageId ? $"docker://{imageId}" : "",
            ["ready"] = ready,
            ["restartCount"] = track.RestartCount,
            ["started"] = latest?.State == "running",
            ["state"] = state,
            ["lastState"] = track.LastTerminated is { } last && (last.Id != latest?.Id || state["waiting"] is not null)
                ? new JsonObject { ["terminated"] = Terminated(last) }
                : new JsonObject(),
        };
        if (latest is not null)
            status["containerID"] = $"docker://{latest.Id}";
        return status;
    }

    private static JsonObject Terminated(ContainerInfo info) => new()
    {
        ["exitCode"] = info.ExitCode ?? 0,
        ["reason"] = info.OomKilled ? "OOMKilled" : info.ExitCode == 0 ? "Completed" : "Error",
        ["startedAt"] = Time(info.StartedAt),
        ["finishedAt"] = Time(info.FinishedAt),
        ["containerID"] = $"docker://{info.Id}",
    };

    private static string? Time(DateTimeOffset? time) =>
        time is { } t && t.Year > 1 ? ObjectMeta.Timestamp(t) : null;
}
