namespace Orleans.Kube.Testing;

/// <summary>The real Docker CLI (Debian's /usr/bin/docker), for checking what actually runs.</summary>
public static class Docker
{
    private const string Cli = "/usr/bin/docker";

    /// <summary>Ids of containers carrying every given label (running only unless <paramref name="all"/>).</summary>
    public static Task<IReadOnlyList<string>> ContainersAsync(IReadOnlyDictionary<string, string> labels, bool all = false) =>
        PsAsync(labels, all ? ["-q", "--no-trunc", "-a"] : ["-q", "--no-trunc"]);

    /// <summary>The value of <paramref name="label"/> on each running container carrying every label of <paramref name="filter"/>.</summary>
    public static Task<IReadOnlyList<string>> LabelValuesAsync(IReadOnlyDictionary<string, string> filter, string label) =>
        PsAsync(filter, ["--format", $"{{{{.Label \"{label}\"}}}}"]);

    private static async Task<IReadOnlyList<string>> PsAsync(IReadOnlyDictionary<string, string> filter, string[] options)
    {
        var args = new List<string> { "ps" };
        args.AddRange(options);
        foreach (var (key, value) in filter)
            args.AddRange(["--filter", $"label={key}={value}"]);
        var output = await ProcessRunner.RunAsync(Cli, args, TimeSpan.FromSeconds(30));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The memory limit Docker applied to a container, in bytes (0: none).</summary>
    public static async Task<long> MemoryLimitAsync(string id) =>
        long.Parse((await ProcessRunner.RunAsync(Cli, ["inspect", "--format", "{{.HostConfig.Memory}}", id], TimeSpan.FromSeconds(30))).Trim());

    /// <summary>The host PID of a container's main process (its namespaces live under /proc/PID/ns).</summary>
    public static async Task<int> PidAsync(string id) =>
        int.Parse((await ProcessRunner.RunAsync(Cli, ["inspect", "--format", "{{.State.Pid}}", id], TimeSpan.FromSeconds(30))).Trim());

    public static Task KillAsync(string id) => ProcessRunner.RunAsync(Cli, ["kill", id], TimeSpan.FromSeconds(30));

    public static async Task RemoveAsync(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        if (list.Count == 0)
            return;
        try
        {
            await ProcessRunner.RunAsync(Cli, ["rm", "-f", .. list], TimeSpan.FromMinutes(1));
        }
        catch (InvalidOperationException e) when (e.Message.Contains("is already in progress", StringComparison.Ordinal))
        {
            // A silo's agent is removing the same container as it stops: the outcome is the one wanted.
        }
    }

    /// <summary>Tags the local test image under another tag (e.g. okube/busybox:2 for a rolling update).</summary>
    public static Task TagAsync(string source, string target) => ProcessRunner.RunAsync(Cli, ["tag", source, target], TimeSpan.FromSeconds(30));
}
