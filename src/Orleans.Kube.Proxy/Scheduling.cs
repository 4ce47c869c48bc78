namespace Orleans.Kube.Proxy;

/// <summary>How a frontend picks a backend for a new connection, named as IPVS names its schedulers.</summary>
public enum Scheduling
{
    RoundRobin,
    LeastConnection,
    SourceHash,
}

public static class SchedulingAnnotation
{
    /// <summary>The Service annotation that selects the scheduler; round-robin when absent or unknown.</summary>
    public const string Name = "okube.io/lb-scheduler";

    public static Scheduling Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "lc" or "least-connection" or "leastconn" => Scheduling.LeastConnection,
        "sh" or "source-hash" => Scheduling.SourceHash,
        _ => Scheduling.RoundRobin,
    };
}
