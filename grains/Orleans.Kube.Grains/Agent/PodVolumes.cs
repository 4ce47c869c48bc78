using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// The volumes of the pods on one node, as host directories bind-mounted into containers:
/// emptyDir (per pod, removed with it; mode 0777 as kubelet makes it, a size-capped tmpfs for
/// medium Memory), hostPath, and configMap/secret projections (a Secret's on a tmpfs of its own, so
/// it never reaches a disk). Projections are written the way kubelet writes them: files in a
/// timestamped directory behind a "..data" symlink that is swapped atomically, so a running
/// container sees an update all at once. The pods' directory is 0700: other host users see nothing.
/// With the pod's fsGroup, volume contents belong to that group (kubelet's SetVolumeOwnership).
/// A persistentVolumeClaim volume is the host directory of the PersistentVolume its claim is bound to.
/// </summary>
public sealed partial class PodVolumes(string root, ContainerRequests.ObjectReader read, IServiceAccountTokenIssuer? tokens = null)
{
    private const string DataLink = "..data";
    private const int DefaultMode = 420; // 0644, kube's default for projected files
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode EveryoneAll = (UnixFileMode)0x1FF; // 0777, kubelet's emptyDir
    private const UnixFileMode SetGroupAndGroupAll = UnixFileMode.SetGroup | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;

    // The tmpfs volumes mounted by this agent, so a refresh does not read the mount table again.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> tmpfsMounted = new(StringComparer.Ordinal);

    // The host path of each pod's claim volumes, resolved once before its first container starts (a bound claim never moves).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Uid, string Volume), string> claimPaths = new();

    private string PodDir(string uid) => Path.Combine(root, uid);
    private string VolumeDir(string uid, string volume) => Path.Combine(PodDir(uid), "volumes", volume);

    /// <summary>
    /// Creates or refreshes the pod's volumes. With <paramref name="strict"/> (before a container
    /// starts) a missing ConfigMap/Secret or key is an error; on a refresh the last content stays.
    /// </summary>
    public async Task EnsureAsync(JsonObject pod, bool strict)
    {
        var uid = pod.Uid()!;
        EnsurePrivateRoot();
        var fsGroup = FsGroup(pod);
        foreach (var volume in Volumes(pod))
        {
            var name = volume.GetString("name")!;
            var dir = VolumeDir(uid, name);
            if (volume["configMap"] is JsonObject configMap)
                await ProjectAsync(pod, dir, "ConfigMap", configMap, configMap.GetString("name"), strict, fsGroup);
            else if (volume["secret"] is JsonObject secret)
            {
                EnsureInMemory(dir);
                await ProjectAsync(pod, dir, "Secret", secret, secret.GetString("secretName"), strict, fsGroup);
            }
            else if (volume["emptyDir"] is JsonObject { } emptyDir && emptyDir.GetString("medium") == "Memory")
            {
                if (!tmpfsMounted.ContainsKey(dir))
                {
                    PrepareMemoryEmptyDir(dir, emptyDir, fsGroup);
                    tmpfsMounted[dir] = true;
                }
            }
            else if (volume["projected"] is JsonObject projected)
            {
                EnsureInMemory(dir);
                await ProjectSourcesAsync(pod, dir, projected, strict, fsGroup);
            }
            else if (volume["hostPath"] is JsonObject hostPath)
                PrepareHostPath(hostPath);
            else if (volume["persistentVolumeClaim"] is JsonObject claim)
                await ResolveClaimAsync(pod, name, claim.GetString("claimName")!);
            else if (volume.Select(p => p.Key).FirstOrDefault(k => k != "name" && k != "emptyDir") is { } unsupported)
                throw new ContainerConfigException($"volume \"{name}\": {unsupported} volumes are not supported on this node");
            else
                PrepareEmptyDir(dir, fsGroup); // emptyDir (or no source, which kube defaults to emptyDir)
        }
    }

    /// <summary>
    /// Secrets and projected volumes (ServiceAccount tokens) live in memory only, as kubelet keeps them; without
    /// mount rights the private root still hides them.
    /// </summary>
    private void EnsureInMemory(string dir)
    {
        if (!HostMounts.CanMount || tmpfsMounted.ContainsKey(dir))
            return;
        HostMounts.EnsureTmpfs(dir, null, "0755");
        tmpfsMounted[dir] = true;
    }

    /// <summary>The pods' directory: made 0700 so no other host user reaches a volume (containers get theirs by bind mount).</summary>
    private void EnsurePrivateRoot()
    {
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(root) != Private)
            File.SetUnixFileMode(root, Private);
    }

    private static void PrepareEmptyDir(string dir, long? fsGroup)
    {
        if (Directory.Exists(dir))
            return;
        Directory.CreateDirectory(dir);
        SetEmptyDirOwnership(dir, fsGroup);
    }

    /// <summary>emptyDir.medium Memory: a tmpfs capped at sizeLimit (kubelet), refused where this agent may not mount.</summary>
    private static void PrepareMemoryEmptyDir(string dir, JsonObject emptyDir, long? fsGroup)
    {
        if (!HostMounts.CanMount)
            throw new ContainerConfigException("emptyDir medium Memory needs a node agent allowed to mount tmpfs (root)");
        long? size = emptyDir["sizeLimit"] is { } limit ? Quantity.Parse(limit.ToString()).Value : null;
        var fresh = !HostMounts.IsMountPoint(dir);
        HostMounts.EnsureTmpfs(dir, size, "0777");
        if (fresh)
            SetEmptyDirOwnership(dir, fsGroup);
    }

    private static void SetEmptyDirOwnership(string dir, long? fsGroup)
    {
        if (OperatingSystem.IsWindows())
            return;
        File.SetUnixFileMode(dir, EveryoneAll);
        if (fsGroup is { } group)
        {
            VolumeOwnership.SetGroup(dir, group);
            File.SetUnixFileMode(dir, EveryoneAll | SetGroupAndGroupAll);
        }
    }

    private static long? FsGroup(JsonObject pod) =>
        pod["spec"]?["securityContext"]?["fsGroup"] is JsonValue v && v.TryGetValue<long>(out var group) ? group : null;

    /// <summary>The claim names of the pod's persistentVolumeClaim volumes.</summary>
    public static IReadOnlyList<string> Claims(JsonObject pod) =>
        [.. Volumes(pod).Select(v => v["persistentVolumeClaim"]?.GetString("claimName")).OfType<string>()];

    /// <summary>
    /// Finds the directory of the volume the claim is bound to. Never a scratch directory in its place: data the
    /// user expects to keep would be lost, so an unbound claim keeps the container from starting.
    /// </summary>
    private async Task ResolveClaimAsync(JsonObject pod, string volume, string claimName)
    {
        if (claimPaths.ContainsKey((pod.Uid()!, volume)))
            return;
        var claim = await read("PersistentVolumeClaim", pod.Namespace()!, claimName)
            ?? throw new ContainerConfigException($"persistentvolumeclaim \"{claimName}\" not found");
        if (claim["spec"].GetString("volumeName") is not { Length: > 0 } volumeName || claim["status"].GetString("phase") != "Bound")
            throw new ContainerConfigException($"persistentvolumeclaim \"{claimName}\" is not bound");
        var pv = await read("PersistentVolume", "", volumeName)
            ?? throw new ContainerConfigException($"persistentvolume \"{volumeName}\" not found");
        string path;
        if (pv["spec"]?["hostPath"] is JsonObject hostPath)
        {
            PrepareHostPath(hostPath);
            path = hostPath.GetString("path")!;
        }
        else if (pv["spec"]?["local"]?.GetString("path") is { } local)
        {
            if (!Directory.Exists(local))
                throw new ContainerConfigException($"local volume {volumeName}: {local} does not exist on this node");
            path = local;
        }
        else
            throw new ContainerConfigException($"persistentvolume \"{volumeName}\": only hostPath and local volumes can be mounted on this node");
        claimPaths[(pod.Uid()!, volume)] = path;
    }

    /// <summary>The bind mounts for one container's volumeMounts.</summary>
    public IReadOnlyList<MountSpec> Mounts(JsonObject pod, JsonObject container)
    {
        var volumes = Volumes(pod).ToDictionary(v => v.GetString("name")!);
        var mounts = new List<MountSpec>();
        var containerName = container.GetString("name")!;
        foreach (var (mount, index) in ((container["volumeMounts"] as JsonArray)?.OfType<JsonObject>() ?? []).Select((m, i) => (m, i)))
        {
            var name = mount.GetString("name")!;
            if (!volumes.TryGetValue(name, out var volume))
                throw new ContainerConfigException($"volume \"{name}\" is not defined in the pod");
            var projected = volume["configMap"] is not null || volume["secret"] is not null || volume["projected"] is not null;
            var claim = volume["persistentVolumeClaim"] as JsonObject;
            var source = volume["hostPath"] is JsonObject hostPath ? hostPath.GetString("path")!
                : claim is not null ? claimPaths.GetValueOrDefault((pod.Uid()!, name)) ?? throw new ContainerConfigException($"persistentvolumeclaim \"{claim.GetString("claimName")}\" is not bound")
                : VolumeDir(pod.Uid()!, name);
            if (mount.GetString("subPath") is { Length: > 0 } subPath)
            {
                // kubelet's own words: the reason stays in its log, as it could describe the host.
                var target = Path.Combine(PodDir(pod.Uid()!), "volume-subpaths", name, containerName, index.ToString(CultureInfo.InvariantCulture));
                source = SafeSubPath.Pin(source, subPath, create: !projected, target,
                    $"failed to prepare subPath for volumeMount \"{name}\" of container \"{containerName}\"");
            }
            var readOnly = projected || mount["readOnly"]?.GetValue<bool>() == true || claim?["readOnly"]?.GetValue<bool>() == true;
            mounts.Add(new MountSpec(source, mount.GetString("mountPath")!, readOnly));
        }
        return mounts;
    }

    /// <summary>Writes the pod's /etc/hosts and /etc/resolv.conf and returns their bind mounts (files kubelet manages).</summary>
    public async Task<IReadOnlyList<MountSpec>> WriteNetworkFilesAsync(string uid, string hosts, string resolvConf)
    {
        EnsurePrivateRoot();
        var dir = Path.Combine(PodDir(uid), "etc");
        Directory.CreateDirectory(dir);
        var hostsPath = Path.Combine(dir, "hosts");
        var resolvPath = Path.Combine(dir, "resolv.conf");
        await File.WriteAllTextAsync(hostsPath, hosts);
        await File.WriteAllTextAsync(resolvPath, resolvConf);
        return [new MountSpec(hostsPath, "/etc/hosts", false), new MountSpec(resolvPath, "/etc/resolv.conf", false)];
    }

    /// <summary>Removes a pod's volume directories (hostPath contents are never touched).</summary>
    public void Remove(string uid)
    {
        Forget(PodDir(uid));
        ForgetClaims(uid);
        ForgetTokens(uid);
        RemoveDirectory(PodDir(uid));
    }

    /// <summary>Removes the directories of pods this node no longer runs.</summary>
    public void RemoveAllExcept(IReadOnlySet<string> uids)
    {
        if (!Directory.Exists(root))
            return;
        foreach (var dir in Directory.GetDirectories(root))
            if (!uids.Contains(Path.GetFileName(dir)))
            {
                Forget(dir);
                RemoveDirectory(dir);
            }
        foreach (var uid in claimPaths.Keys.Select(k => k.Uid).Where(u => !uids.Contains(u)).ToList())
            ForgetClaims(uid);
    }

    private void Forget(string podDir)
    {
        foreach (var dir in tmpfsMounted.Keys.Where(d => d.StartsWith(podDir + "/", StringComparison.Ordinal)))
            tmpfsMounted.TryRemove(dir, out _);
    }

    /// <summary>Unmounts (tmpfs, pinned subPaths) and then deletes; never deletes through a mount, which could reach a hostPath.</summary>
    private static void RemoveDirectory(string dir)
    {
        if (!Directory.Exists(dir))
            return;
        if (!HostMounts.UnmountAllUnder(dir))
            throw new IOException($"{dir} still has mounts; it is kept");
        Directory.Delete(dir, recursive: true);
    }

    private void ForgetClaims(string uid)
    {
        foreach (var key in claimPaths.Keys.Where(k => k.Uid == uid).ToList())
            claimPaths.TryRemove(key, out _);
    }

    private static IEnumerable<JsonObject> Volumes(JsonObject pod) =>
        (pod["spec"]?["volumes"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private async Task ProjectAsync(JsonObject pod, string dir, string kind, JsonObject source, string? objectName, bool strict, long? fsGroup)
    {
        var groupMask = GroupMask(fsGroup);
        var files = await SourceFilesAsync(pod, kind, source, objectName, (source["defaultMode"]?.GetValue<int>() ?? DefaultMode) | groupMask, groupMask, strict);
        if (files is null)
        {
            if (!Directory.Exists(Path.Combine(dir, DataLink)))
                Write(dir, [], fsGroup);
            return;
        }
        if (!Matches(dir, files))
            Write(dir, files, fsGroup);
    }

    /// <summary>With an fsGroup the files are readable by the group too (kubelet's read-only volume mask 0440).</summary>
    private static int GroupMask(long? fsGroup) => fsGroup is null ? 0 : 288;

    /// <summary>The files a ConfigMap or Secret source projects; null when the object is missing (and that is allowed now).</summary>
    private async Task<Dictionary<string, (byte[] Content, int Mode)>?> SourceFilesAsync(JsonObject pod, string kind, JsonObject source, string? objectName, int defaultMode, int groupMask, bool strict)
    {
        var optional = source["optional"]?.GetValue<bool>() == true;
        var obj = objectName is null ? null : await read(kind, pod.Namespace()!, objectName);
        if (obj is null)
        {
            if (strict && !optional)
                throw new ContainerConfigException($"{kind.ToLowerInvariant()} \"{objectName}\" not found");
            return null;
        }
        var data = Data(kind, obj);
        var files = new Dictionary<string, (byte[] Content, int Mode)>();
        if (source["items"] is JsonArray items && items.Count > 0)
        {
            foreach (var item in items.OfType<JsonObject>())
            {
                var key = item.GetString("key")!;
                if (!data.TryGetValue(key, out var content))
                {
                    if (strict && !optional)
                        throw new ContainerConfigException($"configuration key \"{key}\" not found in {kind} {pod.Namespace()}/{objectName}");
                    continue;
                }
                files[item.GetString("path") ?? key] = (content, (item["mode"]?.GetValue<int>() | groupMask) ?? defaultMode);
            }
        }
        else
        {
            foreach (var (key, content) in data)
                files[key] = (content, defaultMode);
        }
        return files;
    }

    private static Dictionary<string, byte[]> Data(string kind, JsonObject obj)
    {
        var data = new Dictionary<string, byte[]>();
        foreach (var (key, value) in ObjectMeta.StringMap(obj["data"]))
            data[key] = kind == "Secret" ? Convert.FromBase64String(value) : Encoding.UTF8.GetBytes(value);
        if (kind == "ConfigMap")
            foreach (var (key, value) in ObjectMeta.StringMap(obj["binaryData"]))
                data[key] = Convert.FromBase64String(value);
        return data;
    }

    private static bool Matches(string dir, Dictionary<string, (byte[] Content, int Mode)> files)
    {
        var data = Path.Combine(dir, DataLink);
        if (!Directory.Exists(data))
            return false;
        var present = Directory.GetFiles(data, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(data, f)).ToHashSet();
        return present.SetEquals(files.Keys) && files.All(f =>
            File.ReadAllBytes(Path.Combine(data, f.Key)).AsSpan().SequenceEqual(f.Value.Content) &&
            (OperatingSystem.IsWindows() || (int)File.GetUnixFileMode(Path.Combine(data, f.Key)) == f.Value.Mode));
    }

    /// <summary>Writes a new generation and swaps the ..data link to it; top-level links follow the file set.</summary>
    private static void Write(string dir, Dictionary<string, (byte[] Content, int Mode)> files, long? fsGroup)
    {
        Directory.CreateDirectory(dir);
        var generation = ".." + DateTime.UtcNow.ToString("yyyy_MM_dd_HH_mm_ss.fffffff", CultureInfo.InvariantCulture);
        var target = Path.Combine(dir, generation);
        Directory.CreateDirectory(target);
        foreach (var (path, (content, mode)) in files)
        {
            if (path.Split('/').Contains("..") || Path.IsPathRooted(path))
                throw new ContainerConfigException($"item path \"{path}\" must be relative without \"..\"");
            var file = Path.Combine(target, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, (UnixFileMode)mode);
        }

        var temporaryLink = Path.Combine(dir, "..data_tmp");
        if (File.Exists(temporaryLink) || Directory.Exists(temporaryLink))
            File.Delete(temporaryLink);
        File.CreateSymbolicLink(temporaryLink, generation);
        // rename(2) replaces the old link in one step; File.Move would not treat a link to a directory as a file.
        if (Rename(temporaryLink, Path.Combine(dir, DataLink)) != 0)
            throw new IOException($"could not swap {Path.Combine(dir, DataLink)}: errno {Marshal.GetLastPInvokeError()}");

        var topLevel = files.Keys.Select(p => p.Split('/')[0]).ToHashSet();
        foreach (var entry in Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>())
        {
            if (entry.StartsWith("..", StringComparison.Ordinal))
            {
                if (entry != DataLink && entry != generation)
                    Directory.Delete(Path.Combine(dir, entry), recursive: true);
            }
            else if (!topLevel.Contains(entry))
                File.Delete(Path.Combine(dir, entry));
        }
        foreach (var entry in topLevel.Where(e => !Path.Exists(Path.Combine(dir, e))))
            File.CreateSymbolicLink(Path.Combine(dir, entry), Path.Combine(DataLink, entry));
        if (fsGroup is { } group)
            VolumeOwnership.SetGroup(dir, group);
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string from, [MarshalAs(UnmanagedType.LPUTF8Str)] string to);

    private static void PrepareHostPath(JsonObject hostPath)
    {
        var path = hostPath.GetString("path")!;
        switch (hostPath.GetString("type") ?? "")
        {
            case "DirectoryOrCreate":
                Directory.CreateDirectory(path);
                break;
            case "FileOrCreate":
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                if (!File.Exists(path))
                    File.WriteAllBytes(path, []);
                break;
            case "Directory" when !Directory.Exists(path):
                throw new ContainerConfigException($"hostPath type check failed: {path} is not a directory");
            case "File" when !File.Exists(path):
                throw new ContainerConfigException($"hostPath type check failed: {path} is not a file");
        }
    }
}
