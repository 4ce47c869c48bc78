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
            var patched = contentType switch
            {
                PatchTypes.Json => JsonPatch.Apply(scale, patch),
                PatchTypes.StrategicMerge => StrategicMergePatch.Apply(scale, patch, "Scale"),
                _ => JsonMergePatch.Apply(scale, patch),
            };
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
