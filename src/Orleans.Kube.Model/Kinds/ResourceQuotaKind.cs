using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// core/v1 ResourceQuota: stored by the generic grain; the admission chain enforces it and keeps its status
/// (hard, used) current (see Admission/ResourceQuotas). kube's quantity validation of spec.hard and printResourceQuota.
/// </summary>
internal static class ResourceQuotaKind
{
    public static readonly ResourceKind Declaration =
        ResourceKind.Of<V1ResourceQuota>("", "v1", "ResourceQuota", "resourcequotas", true, ["quota"], subresources: ["status"]) with
        {
            Validator = KindValidation.BuiltIn(NameRules.Dns1123Subdomain, Validate),
            Printer = new ResourcePrinter(
            [
                Columns.Name,
                Columns.Age,
                Columns.Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
                Columns.Text("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
            ], Cells),
            ProtoMessage = "core.ResourceQuota",
        };

    private static void Validate(JsonObject obj, List<FieldError> errors)
    {
        foreach (var (resource, value) in StringMap(obj, "spec", "hard"))
        {
            var path = $"spec.hard[{resource}]";
            if (!Quantity.TryParse(value, out var quantity, out var error))
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(value), error));
            else if (quantity.IsNegative)
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(value), Messages.NonNegative));
        }
    }

    /// <summary>printResourceQuota: "used/hard" per resource, limits.* under Limit and the rest under Request.</summary>
    private static object?[] Cells(JsonObject obj, DateTime now)
    {
        var used = StringMap(obj, "status", "used").ToDictionary();
        var request = new List<string>();
        var limit = new List<string>();
        foreach (var (resource, hard) in StringMap(obj, "status", "hard").OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            var cell = $"{resource}: {(used.TryGetValue(resource, out var u) ? u : "0")}/{hard}";
            (resource.StartsWith("limits.", StringComparison.Ordinal) ? limit : request).Add(cell);
        }
        return [Text(obj, "metadata", "name"), HumanDurations.Age(obj, now), string.Join(", ", request), string.Join(", ", limit)];
    }
}
