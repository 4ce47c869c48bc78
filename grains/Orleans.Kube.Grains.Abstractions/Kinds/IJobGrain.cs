namespace Orleans.Kube.Grains.Abstractions;

public interface IJobGrain : IResourceGrain;
