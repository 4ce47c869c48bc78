using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// What kube's serviceaccounts and root-ca-cert-publisher controllers keep in every namespace: the
/// `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap holding the cluster CA.
/// </summary>
public static class ServiceAccountDefaults
{
    public const string DefaultAccount = "default";
    public const string RootCaConfigMap = "kube-root-ca.crt";

    /// <summary>Creates both when missing (an existing ConfigMap with another CA is replaced); errors are left to the next call.</summary>
    public static async Task EnsureAsync(IGrainFactory grains, string ns, string caPem)
    {
        await grains.For(ResourceKinds.ServiceAccount, ns, DefaultAccount).Create(KubeJson.Write(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ServiceAccount",
            ["metadata"] = new JsonObject { ["name"] = DefaultAccount, ["namespace"] = ns },
        }), WriteOptions.Default);
        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = RootCaConfigMap,
                ["namespace"] = ns,
                ["annotations"] = new JsonObject { ["kubernetes.io/description"] = "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters." },
            },
            ["data"] = new JsonObject { ["ca.crt"] = caPem },
        };
        var grain = grains.For(ResourceKinds.ConfigMap, ns, RootCaConfigMap);
        var created = await grain.Create(KubeJson.Write(configMap), WriteOptions.Default);
        if (created.Code == 409 && await grain.Get() is { IsSuccess: true } existing
            && KubeJson.ParseObject(existing.Body)["data"]?["ca.crt"]?.GetValue<string>() != caPem)
            await grain.Replace(KubeJson.Write(configMap), WriteOptions.Default);
    }
}
