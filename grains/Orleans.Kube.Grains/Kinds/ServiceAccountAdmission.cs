using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains;

/// <summary>
/// kube's ServiceAccount admission plugin for new pods: serviceAccountName defaults to "default",
/// the account must exist, and unless the pod or the account turns automountServiceAccountToken
/// off, a projected `kube-api-access-*` volume (an expiring token, the cluster CA and the
/// namespace) is mounted read-only into every container at /var/run/secrets/kubernetes.io/serviceaccount.
/// </summary>
internal static class ServiceAccountAdmission
{
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    private const string VolumePrefix = "kube-api-access-";
    /// <summary>kube's default: an hour plus seven seconds, so the token reads as "bound" (kubelet refreshes it at 80%).</summary>
    public const long TokenSeconds = 3607;

    /// <summary>Fills in the account name and, when the pod allows it, the token volume and mounts (before validation).</summary>
    public static void Default(JsonObject pod)
    {
        if (pod["spec"] is not JsonObject spec)
            return;
        var account = spec.GetString("serviceAccountName") is { Length: > 0 } named ? named
            : spec.GetString("serviceAccount") is { Length: > 0 } legacy ? legacy : ServiceAccountDefaults.DefaultAccount;
        spec["serviceAccountName"] = account;
        spec["serviceAccount"] = account;
        if (spec["automountServiceAccountToken"]?.GetValue<bool>() == false || Containers(spec).Any(MountsTokenPath))
            return;
        var volume = VolumePrefix + NameGenerator.Generate("")[^5..];
        var volumes = spec["volumes"] as JsonArray ?? [];
        volumes.Add(Volume(volume));
        spec["volumes"] = volumes;
        foreach (var container in Containers(spec))
        {
            var mounts = container["volumeMounts"] as JsonArray ?? [];
            mounts.Add(new JsonObject { ["name"] = volume, ["readOnly"] = true, ["mountPath"] = MountPath });
            container["volumeMounts"] = mounts;
        }
    }

    /// <summary>The account must exist (the namespace's default one is made on demand); its automount=false removes the volume unless the pod asked for it.</summary>
    public static async Task<ApiResult?> AdmitAsync(IGrainFactory grains, JsonObject pod, string caPem)
    {
        var spec = pod["spec"] as JsonObject;
        var ns = pod.Namespace()!;
        var name = spec?.GetString("serviceAccountName") ?? ServiceAccountDefaults.DefaultAccount;
        var account = await grains.For(ResourceKinds.ServiceAccount, ns, name).Get();
        if (!account.IsSuccess && name == ServiceAccountDefaults.DefaultAccount)
        {
            await ServiceAccountDefaults.EnsureAsync(grains, ns, caPem);
            account = await grains.For(ResourceKinds.ServiceAccount, ns, name).Get();
        }
        if (!account.IsSuccess)
            return new ApiResult(403, StatusErrors.Forbidden(ResourceKinds.Pod, pod.Name() ?? "",
                $"error looking up service account {ns}/{name}: serviceaccount \"{name}\" not found"));
        if (spec?["automountServiceAccountToken"] is null
            && KubeJson.ParseObject(account.Body)["automountServiceAccountToken"]?.GetValue<bool>() == false)
            Remove(spec!);
        return null;
    }

    private static void Remove(JsonObject spec)
    {
        var volume = (spec["volumes"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(v => v.GetString("name")?.StartsWith(VolumePrefix, StringComparison.Ordinal) == true);
        if (volume is null)
            return;
        var name = volume.GetString("name");
        ((JsonArray)spec["volumes"]!).Remove(volume);
        foreach (var container in Containers(spec))
            if (container["volumeMounts"] is JsonArray mounts)
                foreach (var mount in mounts.OfType<JsonObject>().Where(m => m.GetString("name") == name).ToList())
                    mounts.Remove(mount);
    }

    private static bool MountsTokenPath(JsonObject container) =>
        (container["volumeMounts"] as JsonArray)?.OfType<JsonObject>().Any(m => m.GetString("mountPath") == MountPath) == true;

    private static IEnumerable<JsonObject> Containers(JsonObject spec) =>
        new[] { "initContainers", "containers" }.SelectMany(k => (spec[k] as JsonArray)?.OfType<JsonObject>() ?? []);

    private static JsonObject Volume(string name) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["defaultMode"] = 420,
            ["sources"] = new JsonArray(
                new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = TokenSeconds, ["path"] = "token" } },
                new JsonObject { ["configMap"] = new JsonObject { ["name"] = ServiceAccountDefaults.RootCaConfigMap, ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }) } },
                new JsonObject { ["downwardAPI"] = new JsonObject { ["items"] = new JsonArray(new JsonObject
                {
                    ["path"] = "namespace",
                    ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                }) } }),
        },
    };
}
