namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("ReplicaSet")]
public interface IReplicaSetGrain : IResourceGrain, IOwnerGrain;
