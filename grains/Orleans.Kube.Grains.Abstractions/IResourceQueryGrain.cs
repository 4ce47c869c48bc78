namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// List and watch for grain clients (the SDK, controllers): served by whichever silo takes the
/// call, from the resource store and that silo's watch hub.
/// </summary>
public interface IResourceQueryGrain : IGrainWithIntegerKey
{
    /// <summary>A list of matching objects (JSON) and the revision it is current at.</summary>
    Task<ResourceList> List(ResourceQuery query);

    /// <summary>Events after <paramref name="fromRevision"/> (0: the current state as Added events first).</summary>
    IAsyncEnumerable<ResourceEvent> Watch(ResourceQuery query, long fromRevision, CancellationToken cancellationToken = default);
}

/// <summary>Which objects: a kind (group-qualified plural, e.g. "deployments.apps"), a namespace (null: all) and selectors.</summary>
[GenerateSerializer, Immutable]
public sealed record ResourceQuery(
    [property: Id(0)] string GroupResource,
    [property: Id(1)] string? Namespace = null,
    [property: Id(2)] string? LabelSelector = null,
    [property: Id(3)] string? FieldSelector = null);

[GenerateSerializer, Immutable]
public sealed record ResourceList([property: Id(0)] IReadOnlyList<string> Items, [property: Id(1)] long Revision);

[GenerateSerializer, Immutable]
public sealed record ResourceEvent([property: Id(0)] string Type, [property: Id(1)] string Object, [property: Id(2)] long Revision);
