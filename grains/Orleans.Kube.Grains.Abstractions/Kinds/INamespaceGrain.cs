namespace Orleans.Kube.Grains.Abstractions;

public interface INamespaceGrain : IResourceGrain;
