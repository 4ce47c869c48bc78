using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>What a container of a pod with a sandbox gets: the sandbox's namespace, its hosts/resolv.conf, the Service variables.</summary>
public sealed record PodNetworkJoin(string NetworkMode, IReadOnlyList<MountSpec> Mounts, IReadOnlyDictionary<string, string> ServiceEnv);
