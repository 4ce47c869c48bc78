namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("DaemonSet")]
public interface IDaemonSetGrain : IResourceGrain, IOwnerGrain;
