namespace Orleans.Kube.Bench;

/// <summary>What every system under test runs: the same image reference, command and stop policy.</summary>
internal static class Workload
{
    /// <summary>The local registry the images are pushed to, so Swarm's per-task pull stays on loopback.</summary>
    public const string Registry = "127.0.0.1:5000";

    /// <summary>Tag 1 for deployments, tag 2 as the target of rolling updates (same content, another reference).</summary>
    public static string Image(int tag) => $"{Registry}/okube/busybox:{tag}";

    /// <summary>
    /// Exits at once on SIGTERM (the trap runs when `wait` is interrupted), so a stop costs the
    /// same on every system and never waits out the grace period. busybox `sleep` alone ignores TERM.
    /// </summary>
    public static readonly string[] Command = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait; done"];

    /// <summary>terminationGracePeriodSeconds for ours, --stop-grace-period for Swarm, stop timeout for raw.</summary>
    public const int StopGraceSeconds = 10;

    /// <summary>Containers replaced at a time by a rolling update.</summary>
    public const int UpdateBatch = 10;

    /// <summary>Concurrent Engine API requests of the raw baseline: where this daemon saturates (performance anchors B1).</summary>
    public const int RawParallelism = 8;

    /// <summary>How often every system's progress is looked at, and how long one operation may take.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
}
