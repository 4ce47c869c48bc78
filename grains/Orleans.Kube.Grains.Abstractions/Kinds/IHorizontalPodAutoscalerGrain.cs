namespace Orleans.Kube.Grains.Abstractions;

public interface IHorizontalPodAutoscalerGrain : IResourceGrain;
