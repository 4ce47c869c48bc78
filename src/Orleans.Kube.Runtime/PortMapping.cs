namespace Orleans.Kube.Runtime;

/// <summary>
/// A published container port. <see cref="Protocol"/> is accepted in any case ("TCP"/"tcp") and reported upper-case like
/// Kubernetes. <see cref="HostPort"/> 0 on create asks for an ephemeral port; inspection reports the port actually bound.
/// An empty <see cref="HostIp"/> on create means 127.0.0.1, so nothing is published on all interfaces by accident.
/// </summary>
public sealed record PortMapping(int ContainerPort, string Protocol, string HostIp, int HostPort);
