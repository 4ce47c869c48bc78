namespace Orleans.Kube.Runtime;

/// <summary>A bind mount of a host path into the container.</summary>
public sealed record MountSpec(string HostPath, string ContainerPath, bool ReadOnly);
