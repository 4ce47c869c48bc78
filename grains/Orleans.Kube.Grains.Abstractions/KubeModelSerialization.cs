using Orleans.Serialization;

namespace Orleans.Kube.Grains.Abstractions;

public static class KubeModelSerialization
{
    /// <summary>
    /// Lets Orleans carry the official Kubernetes model types (k8s.Models) as JSON. Every silo and
    /// every client must register it, or the first grain call with a model fails to find a codec.
    /// </summary>
    public static ISerializerBuilder AddKubeModels(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(isSupported: type => type.Namespace == "k8s.Models");
}
