using System.Globalization;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Api;

/// <summary>
/// The `kubernetes` Service of `default` every cluster has (kube's convention): a ClusterIP on
/// port 443 (name https) without a selector, whose endpoints are the API silos' addresses (HTTPS,
/// with a serving certificate naming the Service). Each API silo writes one EndpointSlice with its own address and port,
/// annotated with its silo, and the silo's KubernetesEndpointsReconciler removes those of silos that left the cluster.
/// </summary>
public static class KubernetesService
{
    public const string Namespace = "default";
    public const string Name = "kubernetes";

    public static JsonObject Service() => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject
        {
            ["name"] = Name,
            ["namespace"] = Namespace,
            ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
        },
        ["spec"] = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["sessionAffinity"] = "None",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = 443 }),
        },
    };

    /// <summary>The annotation naming the API silo (its Orleans SiloAddress) a slice belongs to.</summary>
    public const string SiloAnnotation = "okube.io/silo";

    /// <summary>One slice per API silo address and port (two silos on one port but different addresses do not collide).</summary>
    public static string SliceName(string address, int port) =>
        $"{Name}-{address.Replace('.', '-').Replace(':', '-')}-{port.ToString(CultureInfo.InvariantCulture)}";

    public static JsonObject Slice(string address, int port, string silo) => new()
    {
        ["apiVersion"] = "discovery.k8s.io/v1",
        ["kind"] = "EndpointSlice",
        ["metadata"] = new JsonObject
        {
            ["name"] = SliceName(address, port),
            ["namespace"] = Namespace,
            ["labels"] = new JsonObject { ["kubernetes.io/service-name"] = Name },
            ["annotations"] = new JsonObject { [SiloAnnotation] = silo },
        },
        ["addressType"] = "IPv4",
        ["endpoints"] = new JsonArray(new JsonObject
        {
            ["addresses"] = new JsonArray(address),
            ["conditions"] = new JsonObject { ["ready"] = true },
        }),
        ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
    };
}
