namespace Orleans.Kube.Grains.Abstractions;

public interface IPodGrain : IResourceGrain;
