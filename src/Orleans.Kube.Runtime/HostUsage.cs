namespace Orleans.Kube.Runtime;

/// <summary>
/// The host's own CPU time and memory working set, from /proc: what a real node reports for
/// `kubectl top node` (the kubelet takes the root cgroup's; /proc gives the same totals).
/// </summary>
public static class HostUsage
{
    /// <summary>USER_HZ: /proc/stat counts CPU time in hundredths of a second on Linux.</summary>
    private const ulong NanosecondsPerTick = 10_000_000;

    public static ContainerUsage? Read(string procRoot = "/proc")
    {
        try
        {
            var cpuLine = File.ReadLines(Path.Combine(procRoot, "stat")).First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var ticks = cpuLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(ulong.Parse).ToArray();
            // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
            var busy = ticks.Take(8).Select((t, i) => i is 3 or 4 ? 0 : t).Aggregate(0UL, (a, b) => a + b);
            var memory = File.ReadLines(Path.Combine(procRoot, "meminfo"))
                .Select(l => l.Split(':', 2))
                .Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => ulong.Parse(p[1].Trim().Split(' ')[0]) * 1024);
            var workingSet = memory.GetValueOrDefault("MemTotal") - memory.GetValueOrDefault("MemAvailable");
            return new ContainerUsage(busy * NanosecondsPerTick, (long)workingSet, DateTimeOffset.UtcNow);
        }
        catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
