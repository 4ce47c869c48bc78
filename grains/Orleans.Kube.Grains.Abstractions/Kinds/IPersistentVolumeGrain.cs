namespace Orleans.Kube.Grains.Abstractions;

/// <summary>A volume and its phase/reclaim controller: ChildChanged tells it its claim changed or went.</summary>
[ControllerOf("PersistentVolume")]
public interface IPersistentVolumeGrain : IResourceGrain, IOwnerGrain;
