using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Api;

/// <summary>
/// The options of a create, update or patch (dryRun, fieldManager, fieldValidation, force), refused
/// with a 422 when kube-apiserver would refuse them: an unknown dryRun value must never turn into a
/// real write.
/// </summary>
internal static class WriteOptionsQuery
{
    public static WriteOptions Create(HttpRequest request) => Read(request, "CreateOptions", patchType: null);

    public static WriteOptions Update(HttpRequest request) => Read(request, "UpdateOptions", patchType: null);

    public static WriteOptions Patch(HttpRequest request, string patchType) => Read(request, "PatchOptions", patchType);

    private static WriteOptions Read(HttpRequest request, string optionsKind, string? patchType)
    {
        var dryRun = QueryParameters.All(request, "dryRun");
        var fieldValidation = QueryParameters.Text(request, "fieldValidation");
        var fieldManager = QueryParameters.Text(request, "fieldManager");
        var errors = patchType is null
            ? RequestOptionsValidator.Write(dryRun, fieldValidation, fieldManager)
            : RequestOptionsValidator.Patch(patchType == PatchTypes.Apply, QueryParameters.IsSet(request, "force"), dryRun, fieldValidation, fieldManager);
        if (errors.Count > 0)
            throw new RequestRejectedException(422, StatusErrors.InvalidOptions(optionsKind, errors));
        // kube's managerOrUserAgent: without a fieldManager, an Update is recorded under the user-agent's prefix.
        return new WriteOptions(
            DryRun: dryRun.Count > 0,
            FieldManager: fieldManager.Length > 0 ? fieldManager : UserAgentPrefix(request),
            StrictFields: fieldValidation == "Strict");
    }

    /// <summary>The user-agent up to its first '/' ("kubectl" of "kubectl/v1.32.0 (linux/amd64) ..."), "" without one.</summary>
    private static string UserAgentPrefix(HttpRequest request) => request.Headers.UserAgent.ToString().Split('/')[0];
}
