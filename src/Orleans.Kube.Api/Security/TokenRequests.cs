using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// POST serviceaccounts/NAME/token (kube's TokenRequest, `kubectl create token`): a signed token for
/// the account, for the requested audiences (default: the API) and lifetime (default one hour, at
/// least ten minutes), optionally bound to a pod that must exist.
/// </summary>
public static class TokenRequests
{
    private const long DefaultSeconds = 3600;
    private const long MinimumSeconds = 600;
    private const long MaximumSeconds = 48 * 3600;

    public static async Task CreateAsync(HttpContext http, IGrainFactory grains, ServiceAccountTokens tokens, string ns, string name)
    {
        var account = await grains.For(ResourceKinds.ServiceAccount, ns, name).Get();
        if (!account.IsSuccess)
        {
            await http.Response.WriteAsync(account);
            return;
        }
        JsonObject request;
        try
        {
            request = RequestBody.ParseObject(await RequestBody.ReadBytesAsync(http.Request), http.Request.ContentType);
        }
        catch (Exception ex) when (RequestBody.IsDecodeError(ex))
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"the request body is not a TokenRequest: {ex.Message}"));
            return;
        }
        var spec = request["spec"] as JsonObject ?? new JsonObject();
        var seconds = spec["expirationSeconds"]?.GetValue<long>() ?? DefaultSeconds;
        if (seconds < MinimumSeconds)
        {
            await http.Response.WriteJsonAsync(422, StatusErrors.BadRequest(
                $"TokenRequest.authentication.k8s.io \"{name}\" is invalid: spec.expirationSeconds: Invalid value: {seconds}: may not specify a duration less than 10 minutes"));
            return;
        }
        seconds = Math.Min(seconds, MaximumSeconds);
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0).ToList() ?? [];
        string? podName = null, podUid = null;
        if (spec["boundObjectRef"] is JsonObject bound)
        {
            var kind = bound["kind"]?.GetValue<string>();
            podName = bound["name"]?.GetValue<string>();
            if (kind != "Pod" || podName is null)
            {
                await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"cannot bind token for {kind} \"{podName}\": only Pod objects are supported"));
                return;
            }
            var pod = await grains.For(ResourceKinds.Pod, ns, podName).Get();
            if (!pod.IsSuccess)
            {
                await http.Response.WriteAsync(pod);
                return;
            }
            podUid = KubeJson.ParseObject(pod.Body).Uid();
            if (bound["uid"]?.GetValue<string>() is { Length: > 0 } uid && uid != podUid)
            {
                await http.Response.WriteJsonAsync(409, StatusErrors.BadRequest($"the UID in the bound object reference ({uid}) does not match the UID in record"));
                return;
            }
        }
        var accountUid = KubeJson.ParseObject(account.Body).Uid() ?? "";
        var (token, expires) = tokens.Issue(new ServiceAccountTokenRequest(ns, name, accountUid, audiences, seconds, podName, podUid));
        spec["audiences"] = new JsonArray((audiences.Count > 0 ? audiences : [ServiceAccountTokens.Issuer]).Select(a => (JsonNode)a).ToArray());
        spec["expirationSeconds"] = seconds;
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = ObjectMeta.Timestamp(DateTimeOffset.UtcNow) },
            ["spec"] = spec.DeepClone(),
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ObjectMeta.Timestamp(expires) },
        };
        await http.Response.WriteJsonAsync(201, KubeJson.Write(response));
    }
}
