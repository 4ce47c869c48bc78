namespace Orleans.Kube.Grains.Abstractions;

public interface IStatefulSetGrain : IResourceGrain;
