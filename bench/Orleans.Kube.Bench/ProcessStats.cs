using System.Globalization;

namespace Orleans.Kube.Bench;

/// <summary>Resident memory and CPU time of another process, read from /proc (Linux).</summary>
internal static class ProcessStats
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat, 100 on every Linux ABI in use.
    private const double TicksPerSecond = 100;

    public static double RssMiB(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>User plus system CPU seconds the process has used so far.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>The machine's 1-minute load average: how much else competed for its cores.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>Average share of one core the process used over <paramref name="window"/>.</summary>
    public static async Task<double> CpuPercentAsync(int pid, TimeSpan window)
    {
        var before = CpuSeconds(pid);
        await Task.Delay(window);
        return (CpuSeconds(pid) - before) / window.TotalSeconds * 100;
    }
}
