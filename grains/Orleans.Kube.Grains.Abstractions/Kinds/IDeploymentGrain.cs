namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("Deployment")]
public interface IDeploymentGrain : IResourceGrain, IOwnerGrain;
