namespace Orleans.Kube.Grains.Abstractions;

/// <summary>A Service, and the controller of its Endpoints and EndpointSlices: pods call ChildChanged when they change in a way that matters.</summary>
[ControllerOf("Service")]
public interface IServiceGrain : IResourceGrain, IOwnerGrain;
