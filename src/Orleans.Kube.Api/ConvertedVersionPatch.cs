using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Patching;

namespace Orleans.Kube.Api;

/// <summary>
/// PATCH of a version served through conversion (autoscaling/v1): the patch applies to the object as that version
/// shows it, and the result goes back converted, as a replace guarded by the resourceVersion it was read at (retried
/// on a conflict, as kube-apiserver retries its own patches). Server-side apply here merges the applied
/// configuration like a merge patch and creates a missing object: field ownership is tracked per stored version,
/// so conflicts between managers are only detected in the stored version (autoscaling/v2).
/// </summary>
internal static class ConvertedVersionPatch
{
    private const int Attempts = 5;

    public static async Task<ApiResult> ApplyAsync(IResourceGrain grain, ResourceKind kind, PatchRequest patch, WriteOptions options)
    {
        JsonNode patchNode;
        try
        {
            patchNode = patch.Type == PatchTypes.Apply ? YamlJson.ToJsonObject(patch.Body) : JsonNode.Parse(patch.Body)!;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return new ApiResult(400, StatusErrors.BadRequest($"error decoding patch: {ex.Message}"));
        }

        for (var attempt = 1; ; attempt++)
        {
            var current = await grain.Get();
            if (current.Code == 404 && patch.Type == PatchTypes.Apply && patchNode is JsonObject applied)
                return await grain.Create(KubeJson.Write(ResourceEndpoints.ToStored(kind, applied, options.StrictFields)), options with { Subresource = null });
            if (!current.IsSuccess)
                return current;
            var stored = KubeJson.ParseObject(current.Body);
            var served = kind.Served(stored);
            JsonNode? patched;
            try
            {
                patched = PatchTypes.ApplyTo(served, patch.Type == PatchTypes.Apply ? PatchTypes.Merge : patch.Type, patchNode, kind.Kind);
            }
            catch (Exception ex) when (ex is PatchException or JsonException or InvalidOperationException)
            {
                return new ApiResult(422, StatusErrors.Invalid(kind, stored.Name() ?? "", [new Model.Validation.FieldError("FieldValueInvalid", "", ex.Message)]));
            }
            if (patched is not JsonObject patchedObject)
                return new ApiResult(415, StatusErrors.UnsupportedMediaType(patch.Type));

            // A result that does not decode is refused (RequestRejectedException), as the create path above.
            var next = ResourceEndpoints.ToStored(kind, patchedObject, options.StrictFields);
            // The replace must land on the version the patch was computed from.
            ((JsonObject)next["metadata"]!)["resourceVersion"] = stored["metadata"]?["resourceVersion"]?.DeepClone();
            var body = KubeJson.Write(next);
            var result = options.Subresource == "status"
                ? await grain.ReplaceStatus(body, options with { Subresource = null })
                : await grain.Replace(body, options with { Subresource = null });
            if (result.Code != 409 || attempt == Attempts)
                return result;
        }
    }
}
