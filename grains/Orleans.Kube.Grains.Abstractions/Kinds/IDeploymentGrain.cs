namespace Orleans.Kube.Grains.Abstractions;

public interface IDeploymentGrain : IResourceGrain, IOwnerGrain;
