using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Orleans.Kube.Grains;

/// <summary>
/// The mount(2) calls the node agent makes on the host, as kubelet does: tmpfs for Secret and
/// emptyDir.medium=Memory volumes, and bind mounts that pin a checked subPath. They need root
/// (CAP_SYS_ADMIN); everything under a pod's directory is unmounted before the directory is removed.
/// </summary>
public static class HostMounts
{
    private const ulong MsNoSuid = 2, MsNoDev = 4, MsBind = 4096;
    private const int MntDetach = 2;

    /// <summary>True when this process may mount (root in the host's mount namespace, in practice).</summary>
    public static bool CanMount => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess;

    /// <summary>Mounts a fresh tmpfs on <paramref name="dir"/> unless one is there; <paramref name="sizeBytes"/> caps it.</summary>
    public static void EnsureTmpfs(string dir, long? sizeBytes, string mode)
    {
        Directory.CreateDirectory(dir);
        if (IsMountPoint(dir))
            return;
        var options = $"mode={mode}" + (sizeBytes is { } size ? $",size={size}" : "");
        if (Mount("tmpfs", dir, "tmpfs", MsNoSuid | MsNoDev, options) != 0)
            throw new IOException($"mounting a tmpfs on {dir} failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
    }

    /// <summary>Bind-mounts what an open descriptor names onto <paramref name="target"/> (kubelet's subPath pinning).</summary>
    public static void BindDescriptor(int fd, string target)
    {
        if (Mount($"/proc/self/fd/{fd}", target, null, MsBind, null) != 0)
            throw new IOException($"bind-mounting a subPath onto {target} failed: {new Win32Exception(Marshal.GetLastPInvokeError()).Message}");
    }

    public static bool IsMountPoint(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return MountPoints().Contains(full);
    }

    /// <summary>Unmounts every mount at or below <paramref name="dir"/>, deepest first; true when none is left.</summary>
    public static bool UnmountAllUnder(string dir)
    {
        if (!OperatingSystem.IsLinux())
            return true;
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir));
        bool Under(string m) => m == root || m.StartsWith(root + "/", StringComparison.Ordinal);
        foreach (var mount in MountPoints().Where(Under).OrderByDescending(m => m.Length))
            Umount2(mount, MntDetach);
        return !MountPoints().Any(Under);
    }

    /// <summary>The mount points of this process's namespace (field 5 of /proc/self/mountinfo, octal escapes undone).</summary>
    private static HashSet<string> MountPoints()
    {
        var points = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists("/proc/self/mountinfo"))
            return points;
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
                points.Add(Unescape(fields[4]));
        }
        return points;
    }

    private static string Unescape(string field) =>
        System.Text.RegularExpressions.Regex.Replace(field, @"\\([0-7]{3})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 8)).ToString());

    [DllImport("libc", EntryPoint = "mount", SetLastError = true)]
    private static extern int Mount([MarshalAs(UnmanagedType.LPUTF8Str)] string source, [MarshalAs(UnmanagedType.LPUTF8Str)] string target,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? fileSystemType, ulong flags, [MarshalAs(UnmanagedType.LPUTF8Str)] string? data);

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int Umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);
}
