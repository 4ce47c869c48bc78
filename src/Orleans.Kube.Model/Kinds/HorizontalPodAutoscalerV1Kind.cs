using k8s.Models;
using Orleans.Kube.Model.Autoscaling;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// autoscaling/v1 HorizontalPodAutoscaler (what `kubectl autoscale` posts): served, not stored. Objects live as
/// autoscaling/v2 and convert both ways, so the v2 kind's defaults, validation, printer and controller apply.
/// </summary>
internal static class HorizontalPodAutoscalerV1Kind
{
    public static ResourceKind Declaration(ResourceKind v2) =>
        ResourceKind.Of<V1HorizontalPodAutoscaler>("autoscaling", "v1", v2.Kind, v2.Plural, v2.Namespaced, v2.ShortNames, v2.Categories, v2.Subresources) with
        {
            Printer = v2.Printer,
            ProtoMessage = "autoscaling.v1.HorizontalPodAutoscaler",
            Conversion = new VersionConversion(v2, HorizontalPodAutoscalerV1Conversion.ToV2, HorizontalPodAutoscalerV1Conversion.ToV1),
        };
}
