namespace Orleans.Kube.Grains.Abstractions;

public interface IEventGrain : IResourceGrain;
