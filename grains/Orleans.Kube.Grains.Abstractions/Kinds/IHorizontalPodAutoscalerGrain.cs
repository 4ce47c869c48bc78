namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("HorizontalPodAutoscaler")]
public interface IHorizontalPodAutoscalerGrain : IResourceGrain;
