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
/// emptyDir (per pod, removed with it), hostPath, and configMap/secret projections. Projections
/// are written the way kubelet writes them: files in a timestamped directory behind a "..data"
/// symlink that is swapped atomically, so a running container sees an update all at once.
/// </summary>
public sealed partial class PodVolumes(string root, ContainerRequests.ObjectReader read, IServiceAccountTokenIssuer? tokens = null)
{
    private const string DataLink = "..data";
    private const int DefaultMode = 420; // 0644, kube's default for projected files

    private string PodDir(string uid) => Path.Combine(root, uid);
    private string VolumeDir(string uid, string volume) => Path.Combine(PodDir(uid), "volumes", volume);

    /// <summary>
    /// Creates or refreshes the pod's volumes. With <paramref name="strict"/> (before a container
    /// starts) a missing ConfigMap/Secret or key is an error; on a refresh the last content stays.
    /// </summary>
    public async Task EnsureAsync(JsonObject pod, bool strict)
    {
        var uid = pod.Uid()!;
        foreach (var volume in Volumes(pod))
        {
            var name = volume.GetString("name")!;
            var dir = VolumeDir(uid, name);
            if (volume["configMap"] is JsonObject configMap)
                await ProjectAsync(pod, dir, "ConfigMap", configMap, configMap.GetString("name"), strict);
            else if (volume["secret"] is JsonObject secret)
                await ProjectAsync(pod, dir, "Secret", secret, secret.GetString("secretName"), strict);
            else if (volume["projected"] is JsonObject projected)
                await ProjectSourcesAsync(pod, dir, projected, strict);
            else if (volume["hostPath"] is JsonObject hostPath)
                PrepareHostPath(hostPath);
            else if (volume["persistentVolumeClaim"] is JsonObject claim)
                // Never a scratch directory in its place: data the user expects to keep would be lost.
                throw new ContainerConfigException($"persistentvolumeclaim \"{claim.GetString("claimName")}\" not found");
            else if (volume.Select(p => p.Key).FirstOrDefault(k => k != "name" && k != "emptyDir") is { } unsupported)
                throw new ContainerConfigException($"volume \"{name}\": {unsupported} volumes are not supported on this node");
            else
                Directory.CreateDirectory(dir); // emptyDir (or no source, which kube defaults to emptyDir)
        }
    }

    /// <summary>The claim name of the pod's first persistentVolumeClaim volume, or null.</summary>
    public static string? FirstClaim(JsonObject pod) =>
        Volumes(pod).Select(v => v["persistentVolumeClaim"]?.GetString("claimName")).FirstOrDefault(c => c is not null);

    /// <summary>The bind mounts for one container's volumeMounts.</summary>
    public IReadOnlyList<MountSpec> Mounts(JsonObject pod, JsonObject container)
    {
        var volumes = Volumes(pod).ToDictionary(v => v.GetString("name")!);
        var mounts = new List<MountSpec>();
        foreach (var mount in (container["volumeMounts"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = mount.GetString("name")!;
            if (!volumes.TryGetValue(name, out var volume))
                throw new ContainerConfigException($"volume \"{name}\" is not defined in the pod");
            var projected = volume["configMap"] is not null || volume["secret"] is not null || volume["projected"] is not null;
            var source = volume["hostPath"] is JsonObject hostPath ? hostPath.GetString("path")! : VolumeDir(pod.Uid()!, name);
            if (mount.GetString("subPath") is { Length: > 0 } subPath)
            {
                if (subPath.Split('/').Contains("..") || Path.IsPathRooted(subPath))
                    throw new ContainerConfigException($"subPath \"{subPath}\" must be a relative path without \"..\"");
                source = Path.Combine(source, subPath);
                if (!projected && !File.Exists(source))
                    Directory.CreateDirectory(source);
            }
            var readOnly = projected || mount["readOnly"]?.GetValue<bool>() == true;
            mounts.Add(new MountSpec(source, mount.GetString("mountPath")!, readOnly));
        }
        return mounts;
    }

    /// <summary>Writes the pod's /etc/hosts and /etc/resolv.conf and returns their bind mounts (files kubelet manages).</summary>
    public async Task<IReadOnlyList<MountSpec>> WriteNetworkFilesAsync(string uid, string hosts, string resolvConf)
    {
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
        ForgetTokens(uid);
        if (Directory.Exists(PodDir(uid)))
            Directory.Delete(PodDir(uid), recursive: true);
    }

    /// <summary>Removes the directories of pods this node no longer runs.</summary>
    public void RemoveAllExcept(IReadOnlySet<string> uids)
    {
        if (!Directory.Exists(root))
            return;
        foreach (var dir in Directory.GetDirectories(root))
            if (!uids.Contains(Path.GetFileName(dir)))
                Directory.Delete(dir, recursive: true);
    }

    private static IEnumerable<JsonObject> Volumes(JsonObject pod) =>
        (pod["spec"]?["volumes"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private async Task ProjectAsync(JsonObject pod, string dir, string kind, JsonObject source, string? objectName, bool strict)
    {
        var files = await SourceFilesAsync(pod, kind, source, objectName, source["defaultMode"]?.GetValue<int>() ?? DefaultMode, strict);
        if (files is null)
        {
            if (!Directory.Exists(dir))
                Write(dir, []);
            return;
        }
        if (!Matches(dir, files))
            Write(dir, files);
    }

    /// <summary>The files a ConfigMap or Secret source projects; null when the object is missing (and that is allowed now).</summary>
    private async Task<Dictionary<string, (byte[] Content, int Mode)>?> SourceFilesAsync(JsonObject pod, string kind, JsonObject source, string? objectName, int defaultMode, bool strict)
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
                files[item.GetString("path") ?? key] = (content, item["mode"]?.GetValue<int>() ?? defaultMode);
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
    private static void Write(string dir, Dictionary<string, (byte[] Content, int Mode)> files)
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
