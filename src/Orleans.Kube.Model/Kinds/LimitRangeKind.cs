using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Admission;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// core/v1 LimitRange: stored by the generic grain; the admission chain applies it to pods (see
/// Admission/LimitRanges). kube's item defaults, the type and quantity checks of ValidateLimitRange, and kube's printer.
/// </summary>
internal static class LimitRangeKind
{
    private static readonly string[] Types = ["Container", "Pod", "PersistentVolumeClaim"];
    private static readonly string[] QuantityMaps = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1LimitRange>("", "v1", "LimitRange", "limitranges", true, ["limits"]) with
        {
            Defaults = LimitRanges.ApplyObjectDefaults,
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter([Columns.Name, Columns.Text("Created At", "Creation timestamp of the resource.")],
                (obj, _) => [Text(obj, "metadata", "name"), Text(obj, "metadata", "creationTimestamp")]),
        };

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        foreach (var (index, item) in Objects(obj, "spec", "limits").Select((item, index) => (index, item)))
        {
            var path = $"spec.limits[{index}]";
            var type = Str(item, "type") ?? "";
            if (!Types.Contains(type))
                errors.Add(FieldErrors.NotSupported($"{path}.type", GoFormat.Quote(type), Types));
            foreach (var map in QuantityMaps)
                foreach (var (resource, value) in StringMap(item, map))
                    if (!Quantity.TryParse(value, out _, out var error))
                        errors.Add(FieldErrors.Invalid($"{path}.{map}[{resource}]", GoFormat.Quote(value), error));
        }
    }
}
