namespace Orleans.Kube.Bench;

/// <summary>What every system under test runs: the same image reference, command and stop policy.</summary>
internal static class Workload
{
    /// <summary>The local registry the images are pushed to, so Swarm's per-task pull stays on loopback.</summary>
    public const string Registry = "127.0.0.1:5000";

    /// <summary>Tag 1 for deployments, tag 2 as the target of rolling updates (same content, another reference).</summary>
    public static string Image(int tag) => $"{Registry}/okube/busybox:{tag}";

    /// <summary>
    /// The default, quiet workload: `sleep` under docker-init (every system runs one), which is not
    /// PID 1 and so dies on SIGTERM at once; a stop never waits out the grace period, and the
    /// containers cost the machine nothing while they run.
    /// </summary>
    public static readonly string[] Quiet = ["sleep", "86400"];

    /// <summary>
    /// `--workload busy`, the first benches' workload: a shell forking a `sleep` every second per
    /// container, which at 100 containers keeps 2 cores about 70 % busy and hides our own overhead.
    /// Exits at once on SIGTERM too (the trap runs when `wait` is interrupted).
    /// </summary>
    public static readonly string[] Busy = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait; done"];

    /// <summary>What every system runs in this bench run.</summary>
    public static string[] Command { get; private set; } = Quiet;

    /// <summary>Picks the workload by name (quiet or busy).</summary>
    public static void Use(string name) => Command = name switch
    {
        "quiet" => Quiet,
        "busy" => Busy,
        _ => throw new ArgumentException($"unknown workload {name}; use quiet or busy"),
    };

    /// <summary>terminationGracePeriodSeconds for ours, --stop-grace-period for Swarm, stop timeout for raw.</summary>
    public const int StopGraceSeconds = 10;

    /// <summary>Containers replaced at a time by a rolling update.</summary>
    public const int UpdateBatch = 10;

    /// <summary>
    /// Concurrent Engine API requests of the raw baseline: 8 is where this daemon saturated in the
    /// first benches (performance anchors B1); `--raw-parallelism N` tries others.
    /// </summary>
    public static int RawParallelism { get; set; } = 8;

    /// <summary>How often every system's progress is looked at, and how long one operation may take.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
}
