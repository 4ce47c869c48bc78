using System.Runtime.InteropServices;

namespace Orleans.Kube.Grains;

/// <summary>kubelet's SetVolumeOwnership for fsGroup: everything in a volume gets the group; directories keep new files in it (setgid).</summary>
public static class VolumeOwnership
{
    public static void SetGroup(string dir, long group)
    {
        if (!OperatingSystem.IsLinux())
            return;
        Change(dir, group);
        foreach (var entry in Directory.EnumerateFileSystemEntries(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            Change(entry, group);
    }

    private static void Change(string path, long group)
    {
        // lchown: a symlink itself, never what it points to.
        if (LChown(path, -1, (int)group) != 0)
            throw new IOException($"setting group {group} on {path} failed: errno {Marshal.GetLastPInvokeError()}");
        var info = new FileInfo(path);
        if (!OperatingSystem.IsWindows() && info.LinkTarget is null && Directory.Exists(path))
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.SetGroup | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    [DllImport("libc", EntryPoint = "lchown", SetLastError = true)]
    private static extern int LChown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
}
