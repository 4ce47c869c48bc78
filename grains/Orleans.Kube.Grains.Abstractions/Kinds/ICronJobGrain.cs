namespace Orleans.Kube.Grains.Abstractions;

public interface ICronJobGrain : IResourceGrain;
