namespace Orleans.Kube.Runtime;

/// <summary>How one simulated container behaves. The default runs until stopped and answers every exec with 0.</summary>
public sealed record SimulatedBehavior
{
    public static SimulatedBehavior Default { get; } = new();

    /// <summary>Exit code the container exits with on its own; null keeps it running until stopped.</summary>
    public int? ExitCode { get; init; }

    /// <summary>With <see cref="ExitCode"/>: how long it "runs" first, on the runtime's <see cref="TimeProvider"/>. Zero exits at start.</summary>
    public TimeSpan ExitAfter { get; init; }

    /// <summary>With <see cref="ExitCode"/>: report the exit as an OOM kill.</summary>
    public bool OomKilled { get; init; }

    /// <summary>Start fails with this message (the container stays created, exit code 128), like a missing entrypoint.</summary>
    public string? StartError { get; init; }

    /// <summary>Exit code after a graceful stop (SIGTERM); a zero grace period always yields 137 (SIGKILL).</summary>
    public int StopExitCode { get; init; } = 143;

    /// <summary>Lines written to stdout each time the container starts.</summary>
    public IReadOnlyList<string> Logs { get; init; } = [];

    public int ExecExitCode { get; init; }

    public string ExecStdout { get; init; } = "";

    public string ExecStderr { get; init; } = "";
}
