namespace Orleans.Kube.Grains.Abstractions;

public interface IServiceAccountGrain : IResourceGrain;
