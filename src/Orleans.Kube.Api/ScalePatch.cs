using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Patching;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Api;

/// <summary>Applies a PATCH to the Scale view of a workload.</summary>
internal static class ScalePatch
{
    public static (JsonObject? Scale, ApiResult? Error) Apply(JsonObject scale, string contentType, string body, ResourceKind kind)
    {
        try
        {
            var patch = contentType == PatchTypes.Apply ? YamlJson.ToJsonObject(body) : JsonNode.Parse(body)!;
            // An apply patch of a Scale is merged (the caller accepts only the four patch types).
            var patched = PatchTypes.ApplyTo(scale, contentType == PatchTypes.Apply ? PatchTypes.Merge : contentType, patch, "Scale");
            if (patched?["spec"]?["replicas"] is not JsonValue replicas || !replicas.TryGetValue<int>(out var n) || n < 0)
                return (null, new ApiResult(422, StatusErrors.Invalid(kind, scale.Name() ?? "",
                    [new FieldError("FieldValueInvalid", "spec.replicas", $"Invalid value: {patched?["spec"]?["replicas"]?.ToJsonString()}: must be greater than or equal to 0")])));
            return ((JsonObject)patched, null);
        }
        catch (Exception ex) when (ex is PatchException or JsonException or InvalidOperationException or FormatException)
        {
            return (null, new ApiResult(400, StatusErrors.BadRequest(ex.Message)));
        }
    }
}
