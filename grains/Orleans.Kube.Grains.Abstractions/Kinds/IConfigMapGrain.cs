namespace Orleans.Kube.Grains.Abstractions;

public interface IConfigMapGrain : IResourceGrain;
