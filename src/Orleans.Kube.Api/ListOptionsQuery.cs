using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Api;

/// <summary>
/// The ListOptions of a list, watch or deletecollection besides its selectors: integers that must
/// decode and a resourceVersion that must be a revision (400), then ValidateListOptions (422).
/// </summary>
internal static class ListOptionsQuery
{
    public static void Check(HttpRequest request, bool watch)
    {
        QueryParameters.Int64(request, "limit");
        QueryParameters.Int64(request, "timeoutSeconds");
        var resourceVersion = QueryParameters.Text(request, "resourceVersion");
        if (resourceVersion.Length > 0 && !ulong.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new RequestRejectedException(400, StatusErrors.BadRequest($"invalid resource version: strconv.ParseUint: parsing \"{resourceVersion}\": invalid syntax"));
        var errors = RequestOptionsValidator.List(watch, resourceVersion, QueryParameters.Text(request, "resourceVersionMatch"),
            QueryParameters.IsSet(request, "sendInitialEvents"), QueryParameters.Text(request, "continue").Length > 0);
        if (errors.Count > 0)
            throw new RequestRejectedException(422, StatusErrors.InvalidOptions("ListOptions", errors));
    }
}
