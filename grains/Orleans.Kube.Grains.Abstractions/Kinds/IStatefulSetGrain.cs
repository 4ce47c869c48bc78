namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("StatefulSet")]
public interface IStatefulSetGrain : IResourceGrain, IOwnerGrain;
