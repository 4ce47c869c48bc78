namespace Orleans.Kube.Grains.Abstractions;

public interface IEndpointsGrain : IResourceGrain;
