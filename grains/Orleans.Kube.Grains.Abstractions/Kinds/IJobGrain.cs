namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("Job")]
public interface IJobGrain : IResourceGrain, IOwnerGrain;
