namespace Orleans.Kube.Grains.Abstractions;

public interface IServiceGrain : IResourceGrain;
