namespace Orleans.Kube.Grains.Abstractions;

public interface INodeGrain : IResourceGrain;
