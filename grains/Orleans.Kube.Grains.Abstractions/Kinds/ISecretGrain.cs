namespace Orleans.Kube.Grains.Abstractions;

public interface ISecretGrain : IResourceGrain;
