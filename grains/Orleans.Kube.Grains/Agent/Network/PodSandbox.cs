using System.Formats.Tar;
using System.Globalization;
using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Runtime;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Grains;

/// <summary>
/// The container that holds a pod's network namespace (kube's "pause" container): made first,
/// kept while the pod lives, joined by every other container of the pod. Its image is built
/// here from the host's busybox-static (never pulled). It publishes every container port of the
/// pod on the pod IP (Docker's port publishing, as the network rule allows), and its hostname is
/// the pod's.
/// </summary>
public static class PodSandbox
{
    public const string Image = "okube/pause:1";
    public const string ContainerName = "POD";
    public const string InitLabel = "sandbox";
    private const string Busybox = "/bin/busybox";

    public static bool IsSandbox(ContainerInfo info) => info.Labels.GetValueOrDefault(ContainerLabels.Init) == InitLabel;

    public static Task EnsureImageAsync(IContainerRuntime runtime, CancellationToken ct) =>
        runtime.EnsureImportedImageAsync(Image, RootFileSystem, ["ENV PATH=/bin", "CMD [\"/bin/sleep\", \"2147483647\"]"], ct);

    private static Stream RootFileSystem()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry(Busybox, "bin/busybox");
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/sleep") { LinkName = "busybox" });
        }
        tar.Position = 0;
        return tar;
    }

    public static ContainerCreateRequest Request(JsonObject pod, string nodeName, string bindAddress, int attempt, IReadOnlyList<MountSpec> mounts)
    {
        var spec = pod["spec"];
        var containers = ((spec?["initContainers"] as JsonArray)?.OfType<JsonObject>() ?? [])
            .Concat((spec?["containers"] as JsonArray)?.OfType<JsonObject>() ?? []);
        var ports = containers.SelectMany(c => ContainerRequests.Ports(pod, c, bindAddress))
            .DistinctBy(p => (p.ContainerPort, p.Protocol.ToUpperInvariant(), p.HostIp, p.HostPort)).ToList();
        var uid = pod.Uid()!;
        return new ContainerCreateRequest(
            Name: $"okube_{pod.Namespace()}_{pod.Name()}_{ContainerName}_{uid[..8]}_{attempt}",
            Image: Image,
            Command: null,
            Args: null,
            Env: new Dictionary<string, string>(),
            WorkingDir: null,
            Ports: ports,
            MemoryLimitBytes: null,
            NanoCpus: null,
            Labels: new Dictionary<string, string>
            {
                [ContainerLabels.Node] = nodeName,
                [ContainerLabels.PodUid] = uid,
                [ContainerLabels.PodNamespace] = pod.Namespace()!,
                [ContainerLabels.PodName] = pod.Name()!,
                [ContainerLabels.Container] = ContainerName,
                [ContainerLabels.Attempt] = attempt.ToString(CultureInfo.InvariantCulture),
                [ContainerLabels.Init] = InitLabel,
                [ContainerLabels.PodIp] = pod["status"]?["podIP"]?.GetValue<string>() ?? "",
            },
            Mounts: mounts)
        {
            Hostname = PodNetworkFiles.Hostname(pod),
        };
    }
}
