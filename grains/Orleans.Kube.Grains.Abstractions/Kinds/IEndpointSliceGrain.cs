namespace Orleans.Kube.Grains.Abstractions;

public interface IEndpointSliceGrain : IResourceGrain;
