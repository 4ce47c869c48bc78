namespace Orleans.Kube.Grains.Abstractions;

/// <summary>The grain of an object nothing reconciles (ConfigMap, Secret, Event, ...): storage, validation and deletion only.</summary>
public interface IStoredObjectGrain : IResourceGrain;
