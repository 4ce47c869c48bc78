using System.Globalization;

namespace Orleans.Kube.Runtime;

/// <summary>
/// Container labels that configure a <see cref="SimulatedBehavior"/>, so a scale test can steer failures from pod specs
/// without code. Used when no <see cref="SimulatedRuntimeOptions.Behavior"/> callback decides.
/// </summary>
public static class SimulatedLabels
{
    public const string Prefix = "sim.okube.io/";

    /// <summary>Integer: the container exits on its own with this code.</summary>
    public const string ExitCode = Prefix + "exit-code";

    /// <summary>Seconds (invariant decimal) the container runs before exiting with <see cref="ExitCode"/>.</summary>
    public const string ExitAfterSeconds = Prefix + "exit-after-seconds";

    /// <summary>"true": the exit is reported as an OOM kill (exit code defaults to 137).</summary>
    public const string OomKilled = Prefix + "oom-killed";

    /// <summary>Message: start fails with it.</summary>
    public const string StartError = Prefix + "start-error";

    /// <summary>Integer: exit code after a graceful stop.</summary>
    public const string StopExitCode = Prefix + "stop-exit-code";

    /// <summary>Log lines separated by '\n', written at each start.</summary>
    public const string Logs = Prefix + "logs";

    /// <summary>Integer: exit code of every exec.</summary>
    public const string ExecExitCode = Prefix + "exec-exit-code";

    /// <summary>Text: stdout of every exec.</summary>
    public const string ExecStdout = Prefix + "exec-stdout";

    /// <summary>The behavior described by <paramref name="labels"/>; unknown or malformed values fall back to the defaults.</summary>
    public static SimulatedBehavior Parse(IReadOnlyDictionary<string, string> labels)
    {
        var behavior = SimulatedBehavior.Default;
        var oom = labels.TryGetValue(OomKilled, out var o) && bool.TryParse(o, out var isOom) && isOom;
        var exitCode = Int(labels, ExitCode) ?? (oom ? 137 : null);
        if (exitCode is not null)
        {
            behavior = behavior with
            {
                ExitCode = exitCode,
                OomKilled = oom,
                ExitAfter = labels.TryGetValue(ExitAfterSeconds, out var after)
                    && double.TryParse(after, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                        ? TimeSpan.FromSeconds(seconds)
                        : TimeSpan.Zero,
            };
        }

        if (labels.TryGetValue(StartError, out var startError) && !string.IsNullOrEmpty(startError))
        {
            behavior = behavior with { StartError = startError };
        }

        if (Int(labels, StopExitCode) is { } stopCode)
        {
            behavior = behavior with { StopExitCode = stopCode };
        }

        if (labels.TryGetValue(Logs, out var logs) && logs.Length > 0)
        {
            behavior = behavior with { Logs = logs.Split('\n') };
        }

        if (Int(labels, ExecExitCode) is { } execCode)
        {
            behavior = behavior with { ExecExitCode = execCode };
        }

        if (labels.TryGetValue(ExecStdout, out var execStdout))
        {
            behavior = behavior with { ExecStdout = execStdout };
        }

        return behavior;
    }

    private static int? Int(IReadOnlyDictionary<string, string> labels, string key) =>
        labels.TryGetValue(key, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
}
