using System.Runtime.InteropServices;

namespace Orleans.Kube.Grains;

/// <summary>
/// A volumeMount's subPath resolved as kubelet resolves it since CVE-2017-1002101: symlinks are evaluated
/// once and the result must stay inside the volume; then the path is opened component by component with
/// O_NOFOLLOW (a symlink swapped in meanwhile fails the open), and the open descriptor is bind-mounted onto
/// a per-container target that the container runtime mounts. What the container sees is the checked inode,
/// whatever happens to the path afterwards. Missing directories are made the same way (mkdirat, no following).
/// </summary>
public static class SafeSubPath
{
    private const int OpenReadOnly = 0, ODirectory = 0x10000, ONoFollow = 0x20000, OCloexec = 0x80000, OPath = 0x200000;
    private const int AtFdCwd = -100;
    private const int ENOENT = 2, ENOTDIR = 20, EEXIST = 17;

    /// <summary>
    /// Pins <paramref name="subPath"/> of the volume at <paramref name="volumeRoot"/> onto <paramref name="target"/>;
    /// <paramref name="create"/> makes missing directories (not for projected volumes). Throws
    /// <see cref="ContainerConfigException"/> with <paramref name="refusal"/> (kube does not tell the user why: it could reveal the host).
    /// Returns the host path to mount: the pinned target, or (when this process may not mount) the checked path.
    /// </summary>
    public static string Pin(string volumeRoot, string subPath, bool create, string target, string refusal)
    {
        var segments = subPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Contains("..") || Path.IsPathRooted(subPath))
            throw new ContainerConfigException(refusal);
        var root = RealPath(volumeRoot) ?? throw new ContainerConfigException(refusal);
        if (create)
            MakeDirectories(root, segments, refusal);
        // Symlinks are evaluated once; what they lead to must be inside the volume.
        var resolved = RealPath(Path.Combine(root, Path.Combine(segments)));
        if (resolved is null || (resolved != root && !resolved.StartsWith(root + "/", StringComparison.Ordinal)))
            throw new ContainerConfigException(refusal);
        if (!HostMounts.CanMount)
            return resolved;
        var relative = Path.GetRelativePath(root, resolved).Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToArray();

        var fd = Open(AtFdCwd, root, ODirectory | ONoFollow | OCloexec);
        if (fd < 0)
            throw new ContainerConfigException(refusal);
        try
        {
            var isDirectory = true;
            foreach (var (segment, index) in relative.Select((s, i) => (s, i)))
            {
                var next = Open(fd, segment, ODirectory | ONoFollow | OCloexec);
                if (next < 0 && index == relative.Length - 1 && Marshal.GetLastPInvokeError() == ENOTDIR)
                {
                    next = Open(fd, segment, OPath | ONoFollow | OCloexec);
                    isDirectory = false;
                }
                if (next < 0)
                    throw new ContainerConfigException(refusal); // ELOOP: a symlink appeared since the check
                Close(fd);
                fd = next;
            }
            // The descriptor must still name the checked path (a file opened with O_PATH could be a fresh symlink).
            if (RealPath($"/proc/self/fd/{fd}") != resolved)
                throw new ContainerConfigException(refusal);
            PrepareTarget(target, isDirectory);
            HostMounts.BindDescriptor(fd, target);
            return target;
        }
        finally
        {
            Close(fd);
        }
    }

    private static void PrepareTarget(string target, bool isDirectory)
    {
        if (HostMounts.IsMountPoint(target))
            HostMounts.UnmountAllUnder(target);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (isDirectory)
            Directory.CreateDirectory(target);
        else if (!File.Exists(target))
            File.WriteAllBytes(target, []);
    }

    private static void MakeDirectories(string root, string[] segments, string refusal)
    {
        var fd = Open(AtFdCwd, root, ODirectory | ONoFollow | OCloexec);
        if (fd < 0)
            throw new ContainerConfigException(refusal);
        try
        {
            foreach (var segment in segments)
            {
                var next = Open(fd, segment, ODirectory | ONoFollow | OCloexec);
                if (next < 0 && Marshal.GetLastPInvokeError() == ENOENT)
                {
                    if (MkdirAt(fd, segment, Convert.ToInt32("755", 8)) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
                        throw new ContainerConfigException(refusal);
                    next = Open(fd, segment, ODirectory | ONoFollow | OCloexec);
                }
                if (next < 0)
                    return; // a file or a symlink: left to the resolution above, which judges it
                Close(fd);
                fd = next;
            }
        }
        finally
        {
            Close(fd);
        }
    }

    private static string? RealPath(string path)
    {
        var resolved = RealPathNative(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
            return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    private static int Open(int dirFd, string path, int flags) => OpenAt(dirFd, path, flags | OpenReadOnly, 0);

    [DllImport("libc", EntryPoint = "openat", SetLastError = true)]
    private static extern int OpenAt(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "mkdirat", SetLastError = true)]
    private static extern int MkdirAt(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "realpath", SetLastError = true)]
    private static extern IntPtr RealPathNative([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc", EntryPoint = "free")]
    private static extern void Free(IntPtr pointer);
}
