namespace Orleans.Kube.Runtime;

/// <summary>Outcome of a run-to-completion exec (exec probes).</summary>
public sealed record ExecResult(int ExitCode, string Stdout, string Stderr);
