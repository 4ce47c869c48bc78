namespace Orleans.Kube.Runtime;

/// <summary>
/// A Docker container's CPU time and memory working set read from its cgroup, as cAdvisor (the
/// kubelet's source) does: a file read per value instead of a stats call to the Engine, which
/// takes a second per container. Handles cgroup v1 (cgroupfs driver: cpuacct and memory
/// hierarchies under docker/ID) and v2 (docker/ID or system.slice/docker-ID.scope).
/// </summary>
public static class CgroupUsage
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>The container's usage now, or null when it has no cgroup (stopped, gone, or another layout).</summary>
    public static ContainerUsage? Read(string containerId, string root = Root)
    {
        var now = DateTimeOffset.UtcNow;
        var v1Cpu = Path.Combine(root, "cpuacct", "docker", containerId, "cpuacct.usage");
        if (File.Exists(v1Cpu))
        {
            var memory = Path.Combine(root, "memory", "docker", containerId);
            if (!TryReadNumber(v1Cpu, out var cpu) || !TryReadNumber(Path.Combine(memory, "memory.usage_in_bytes"), out var usage))
                return null;
            // Working set: usage less the inactive page cache the kernel can drop (cAdvisor's definition).
            var inactive = StatValue(Path.Combine(memory, "memory.stat"), "total_inactive_file");
            return new ContainerUsage(cpu, (long)Math.Max(0, (long)usage - (long)inactive), now);
        }
        foreach (var dir in new[] { Path.Combine(root, "docker", containerId), Path.Combine(root, "system.slice", $"docker-{containerId}.scope") })
        {
            if (!File.Exists(Path.Combine(dir, "cpu.stat")) || !TryReadNumber(Path.Combine(dir, "memory.current"), out var current))
                continue;
            var cpuMicros = StatValue(Path.Combine(dir, "cpu.stat"), "usage_usec");
            var inactive = StatValue(Path.Combine(dir, "memory.stat"), "inactive_file");
            return new ContainerUsage(cpuMicros * 1000, (long)Math.Max(0, (long)current - (long)inactive), now);
        }
        return null;
    }

    private static bool TryReadNumber(string path, out ulong value)
    {
        value = 0;
        try
        {
            return ulong.TryParse(File.ReadAllText(path).Trim(), out value);
        }
        catch (IOException)
        {
            return false; // the container went away between the check and the read
        }
    }

    /// <summary>A "key value" line of a cgroup stat file; 0 when absent.</summary>
    private static ulong StatValue(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
                if (line.StartsWith(key + " ", StringComparison.Ordinal) && ulong.TryParse(line.AsSpan(key.Length + 1), out var value))
                    return value;
        }
        catch (IOException)
        {
        }
        return 0;
    }
}
