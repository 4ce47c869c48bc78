namespace Orleans.Kube.Grains.Abstractions;

public interface IDaemonSetGrain : IResourceGrain;
