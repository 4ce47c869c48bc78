using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Kinds;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// kube's DefaultIngressClass admission plugin: an Ingress created without a class (neither
/// spec.ingressClassName nor the legacy kubernetes.io/ingress.class annotation) gets the class marked
/// default, and creation is refused while more than one class claims to be the default.
/// </summary>
internal static class DefaultIngressClass
{
    private const string LegacyClassAnnotation = "kubernetes.io/ingress.class";

    public static async Task<ApiResult?> AdmitAsync(IResourceStore store, JsonObject ingress)
    {
        var spec = ingress["spec"] as JsonObject;
        if (spec?["ingressClassName"] is not null || ObjectMeta.StringMap(ingress["metadata"]?["annotations"]).ContainsKey(LegacyClassAnnotation))
            return null;
        var (classes, _) = await store.ListAsync(ResourceKinds.IngressClass.GroupResource, null);
        var defaults = classes.Select(c => KubeJson.ParseObject(c.Body))
            .Where(c => ObjectMeta.StringMap(c["metadata"]?["annotations"]).GetValueOrDefault(IngressClassKind.IsDefaultAnnotation) == "true")
            .ToList();
        if (defaults.Count > 1)
            return new ApiResult(403, StatusErrors.Forbidden(ResourceKinds.Ingress, ingress.Name() ?? "",
                $"{defaults.Count} default IngressClasses were found, only 1 allowed"));
        if (defaults.Count == 1 && spec is not null)
            spec["ingressClassName"] = defaults[0].Name();
        return null;
    }
}
