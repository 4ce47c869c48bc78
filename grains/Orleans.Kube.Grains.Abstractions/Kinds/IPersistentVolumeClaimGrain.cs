namespace Orleans.Kube.Grains.Abstractions;

/// <summary>A claim and its binder: ChildChanged asks it to look again (a volume appeared or was released).</summary>
[ControllerOf("PersistentVolumeClaim")]
public interface IPersistentVolumeClaimGrain : IResourceGrain, IOwnerGrain;
