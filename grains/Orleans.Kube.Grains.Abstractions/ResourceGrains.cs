using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>Finds the grain of any API object from its resource kind, namespace and name.</summary>
public static class ResourceGrains
{
    private static readonly Dictionary<string, Type> InterfaceByKind = new()
    {
        [ResourceKinds.Namespace.Kind] = typeof(INamespaceGrain),
        [ResourceKinds.Pod.Kind] = typeof(IPodGrain),
        [ResourceKinds.Service.Kind] = typeof(IServiceGrain),
        [ResourceKinds.ConfigMap.Kind] = typeof(IConfigMapGrain),
        [ResourceKinds.Secret.Kind] = typeof(ISecretGrain),
        [ResourceKinds.Node.Kind] = typeof(INodeGrain),
        [ResourceKinds.Event.Kind] = typeof(IEventGrain),
        [ResourceKinds.Endpoints.Kind] = typeof(IEndpointsGrain),
        [ResourceKinds.ServiceAccount.Kind] = typeof(IServiceAccountGrain),
        [ResourceKinds.Deployment.Kind] = typeof(IDeploymentGrain),
        [ResourceKinds.ReplicaSet.Kind] = typeof(IReplicaSetGrain),
        [ResourceKinds.DaemonSet.Kind] = typeof(IDaemonSetGrain),
        [ResourceKinds.StatefulSet.Kind] = typeof(IStatefulSetGrain),
        [ResourceKinds.Job.Kind] = typeof(IJobGrain),
        [ResourceKinds.CronJob.Kind] = typeof(ICronJobGrain),
        [ResourceKinds.HorizontalPodAutoscaler.Kind] = typeof(IHorizontalPodAutoscalerGrain),
        [ResourceKinds.EndpointSlice.Kind] = typeof(IEndpointSliceGrain),
    };

    public static string Key(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";

    public static (string Namespace, string Name) ParseKey(string key)
    {
        var slash = key.IndexOf('/');
        return slash < 0 ? ("", key) : (key[..slash], key[(slash + 1)..]);
    }

    public static IResourceGrain For(this IGrainFactory grains, ResourceKind kind, string? ns, string name) =>
        (IResourceGrain)grains.GetGrain(InterfaceByKind[kind.Kind], Key(kind.Namespaced ? ns : null, name));
}
