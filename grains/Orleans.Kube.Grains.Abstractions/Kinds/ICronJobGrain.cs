namespace Orleans.Kube.Grains.Abstractions;

[ControllerOf("CronJob")]
public interface ICronJobGrain : IResourceGrain, IOwnerGrain;
