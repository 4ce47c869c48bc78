namespace Orleans.Kube.Testing;

/// <summary>
/// Unmounts what a killed test node agent left mounted below its data folder (tmpfs Secret and Memory
/// volumes, pinned subPaths): a killed silo never tears its pods down.
/// </summary>
public static class HostMountCleanup
{
    public static async Task UnmountUnderAsync(string dir)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/mounts"))
            return;
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)) + "/";
        var mounts = (await File.ReadAllLinesAsync("/proc/mounts"))
            .Select(line => line.Split(' ')[1])
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(point => point.Length);
        foreach (var point in mounts)
            await ProcessRunner.RunAsync("umount", ["-l", point], TimeSpan.FromSeconds(10));
    }
}
