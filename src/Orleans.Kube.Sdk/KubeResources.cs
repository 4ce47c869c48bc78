using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Sdk;

/// <summary>Typed operations on one kind, straight to its grains: no HTTP, same semantics and errors as the API.</summary>
public sealed class KubeResources<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IGrainFactory grains;
    private readonly ResourceKind kind;

    internal KubeResources(IGrainFactory grains)
    {
        this.grains = grains;
        kind = ResourceKinds.ByModelType(typeof(T)) ?? throw new NotSupportedException($"{typeof(T).Name} is not a served kind");
    }

    public async Task<T> CreateAsync(T obj)
    {
        obj.ApiVersion ??= kind.ApiVersion;
        obj.Kind ??= kind.Kind;
        return Read(await Grain(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name).Create(KubernetesJson.Serialize(obj), WriteOptions.Default));
    }

    public async Task<T?> GetAsync(string name, string? ns = null)
    {
        var result = await Grain(ns, name).Get();
        return result.Code == 404 ? null : Read(result);
    }

    /// <summary>Server-side apply: creates the object or makes the fields this manager applied match <paramref name="obj"/>.</summary>
    public async Task<T> ApplyAsync(T obj, string fieldManager = "okube-sdk")
    {
        obj.ApiVersion ??= kind.ApiVersion;
        obj.Kind ??= kind.Kind;
        var patch = new PatchRequest(PatchTypes.Apply, KubernetesJson.Serialize(obj), Force: true);
        return Read(await Grain(obj.Metadata?.NamespaceProperty, obj.Metadata?.Name).Patch(patch, new WriteOptions(FieldManager: fieldManager)));
    }

    /// <summary>Patches with one of <see cref="PatchTypes"/> (JSON patch, merge patch, strategic merge patch).</summary>
    public async Task<T> PatchAsync(string name, string? ns, string patchType, string patch) =>
        Read(await Grain(ns, name).Patch(new PatchRequest(patchType, patch), WriteOptions.Default));

    public async Task DeleteAsync(string name, string? ns = null, string? propagationPolicy = null) =>
        Read(await Grain(ns, name).Delete(new DeleteRequest(propagationPolicy)));

    public async Task<(IReadOnlyList<T> Items, long Revision)> ListAsync(string? ns = null, string? labelSelector = null, string? fieldSelector = null)
    {
        var list = await grains.GetGrain<IResourceQueryGrain>(0).List(new ResourceQuery(kind.GroupResource, ns, labelSelector, fieldSelector));
        return (list.Items.Select(json => KubernetesJson.Deserialize<T>(json)).ToList(), list.Revision);
    }

    /// <summary>Changes after <paramref name="fromRevision"/>; from 0 the current objects come first as "Added".</summary>
    public async IAsyncEnumerable<(string Type, T Object)> WatchAsync(string? ns = null, string? labelSelector = null, long fromRevision = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = new ResourceQuery(kind.GroupResource, ns, labelSelector);
        await foreach (var e in grains.GetGrain<IResourceQueryGrain>(0).Watch(query, fromRevision, cancellationToken).WithCancellation(cancellationToken))
            yield return (e.Type, KubernetesJson.Deserialize<T>(e.Object));
    }

    private IResourceGrain Grain(string? ns, string? name)
    {
        if (string.IsNullOrEmpty(name))
            throw new ArgumentException("metadata.name is required");
        if (kind.Namespaced && string.IsNullOrEmpty(ns))
            ns = "default";
        return grains.For(kind, ns, name);
    }

    private static T Read(ApiResult result) =>
        result.IsSuccess ? KubernetesJson.Deserialize<T>(result.Body) : throw new KubeApiException(result.Code, result.Body);
}
