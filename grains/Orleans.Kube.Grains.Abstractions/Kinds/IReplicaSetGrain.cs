namespace Orleans.Kube.Grains.Abstractions;

public interface IReplicaSetGrain : IResourceGrain, IOwnerGrain;
