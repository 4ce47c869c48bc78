namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("Namespace")]
public interface INamespaceGrain : IResourceGrain;
