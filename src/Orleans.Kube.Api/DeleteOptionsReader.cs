using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Api;

/// <summary>
/// DeleteOptions from the body and the query. A body or value that does not decode is a 400;
/// options that fail ValidateDeleteOptions (an unknown propagationPolicy or dryRun, orphanDependents
/// with a policy) are a 422. Either way nothing is deleted.
/// </summary>
internal static class DeleteOptionsReader
{
    public static async Task<DeleteRequest> ReadAsync(HttpRequest request)
    {
        var policy = QueryParameters.Text(request, "propagationPolicy") is { Length: > 0 } p ? p : null;
        var grace = QueryParameters.Int64(request, "gracePeriodSeconds");
        bool? orphan = QueryParameters.IsSet(request, "orphanDependents") ? QueryParameters.Flag(request, "orphanDependents") : null;
        var dryRun = QueryParameters.All(request, "dryRun").ToList();
        string? uid = null, rv = null;
        var body = await RequestBody.ReadBytesAsync(request);
        if (body.Any(b => b is not ((byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')))
        {
            try
            {
                var options = RequestBody.ParseObject(body, request.ContentType);
                policy = options["propagationPolicy"]?.GetValue<string>() ?? policy;
                orphan = options["orphanDependents"]?.GetValue<bool>() ?? orphan;
                grace = options["gracePeriodSeconds"]?.GetValue<long>() ?? grace;
                uid = options["preconditions"]?["uid"]?.GetValue<string>();
                rv = options["preconditions"]?["resourceVersion"]?.GetValue<string>();
                if (options["dryRun"] is { } values)
                    dryRun.AddRange(values.AsArray().Select(v => v?.GetValue<string>() ?? ""));
            }
            catch (Exception ex) when (RequestBody.IsDecodeError(ex))
            {
                throw new RequestRejectedException(400, StatusErrors.BadRequest($"the DeleteOptions body could not be decoded: {ex.Message}"));
            }
        }
        var errors = RequestOptionsValidator.Delete(policy, orphan is not null, dryRun);
        if (errors.Count > 0)
            throw new RequestRejectedException(422, StatusErrors.InvalidOptions("DeleteOptions", errors));
        return new DeleteRequest(orphan == true ? PropagationPolicies.Orphan : policy, grace, uid, rv, dryRun.Count > 0);
    }
}
