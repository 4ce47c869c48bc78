using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// The create-only review kinds: authorization.k8s.io/v1 SelfSubjectAccessReview,
/// SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectRulesReview (what
/// `kubectl auth can-i [--list]` asks), authentication.k8s.io/v1 TokenReview and
/// SelfSubjectReview (`kubectl auth whoami`). Each answers with the request object plus status.
/// </summary>
public static class AccessReviews
{
    private const string Authorization = "authorization.k8s.io";
    private const string Authentication = "authentication.k8s.io";

    /// <summary>Handles POST /apis/{authorization,authentication}.k8s.io/v1/[namespaces/NS/]REVIEWS; false for other paths.</summary>
    public static async Task<bool> TryHandleAsync(HttpContext http, string[] segments)
    {
        var (group, ns, resource) = segments switch
        {
            ["apis", var g, "v1", var r] => (g, "", r),
            ["apis", var g, "v1", "namespaces", var n, var r] => (g, n, r),
            _ => ("", "", ""),
        };
        var handler = (group, resource, ns.Length > 0) switch
        {
            (Authorization, "selfsubjectaccessreviews", false) => SelfSubjectAccessReview,
            (Authorization, "subjectaccessreviews", false) => SubjectAccessReview,
            (Authorization, "localsubjectaccessreviews", true) => LocalSubjectAccessReview,
            (Authorization, "selfsubjectrulesreviews", false) => SelfSubjectRulesReview,
            (Authentication, "tokenreviews", false) => TokenReview,
            (Authentication, "selfsubjectreviews", false) => SelfSubjectReview,
            _ => (Func<HttpContext, JsonObject, string, Task<JsonObject?>>?)null,
        };
        if (handler is null)
            return false;
        if (http.Request.Method != "POST")
        {
            await http.Response.WriteJsonAsync(405, StatusErrors.MethodNotAllowed($"{http.Request.Method} is not supported on {http.Request.Path}"));
            return true;
        }
        JsonObject review;
        try
        {
            review = RequestBody.ParseObject(await RequestBody.ReadBytesAsync(http.Request), http.Request.ContentType);
        }
        catch (Exception ex) when (RequestBody.IsDecodeError(ex))
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest($"the request body is not a {resource} object: {ex.Message}"));
            return true;
        }
        catch (RequestRejectedException ex)
        {
            await http.Response.WriteJsonAsync(ex.Code, ex.Status);
            return true;
        }
        var answer = await handler(http, review, ns);
        if (answer is not null)
            await http.Response.WriteJsonAsync(201, KubeJson.Write(answer));
        return true;
    }

    private static Task<JsonObject?> SelfSubjectAccessReview(HttpContext http, JsonObject review, string ns) =>
        AnswerAccessAsync(http, review, UserInfo.Get(http)!);

    private static Task<JsonObject?> SubjectAccessReview(HttpContext http, JsonObject review, string ns) =>
        AnswerAccessAsync(http, review, SubjectOf(review["spec"]));

    private static async Task<JsonObject?> LocalSubjectAccessReview(HttpContext http, JsonObject review, string ns)
    {
        var attributesNs = review["spec"]?["resourceAttributes"]?["namespace"]?.GetValue<string>() ?? "";
        if (attributesNs != ns)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest(
                $"spec.resourceAttributes.namespace must match namespace: {ns}"));
            return null;
        }
        return await AnswerAccessAsync(http, review, SubjectOf(review["spec"]));
    }

    private static async Task<JsonObject?> AnswerAccessAsync(HttpContext http, JsonObject review, UserInfo user)
    {
        var authorizer = Service<RbacAuthorizer>(http);
        var spec = review["spec"] as JsonObject;
        RequestAttributes request;
        if (spec?["resourceAttributes"] is JsonObject resource)
            request = new RequestAttributes(user, Str(resource, "verb"), true, "", Str(resource, "group"), Str(resource, "version"),
                Str(resource, "resource"), Str(resource, "subresource"), Str(resource, "namespace"), Str(resource, "name"));
        else if (spec?["nonResourceAttributes"] is JsonObject nonResource)
            request = new RequestAttributes(user, Str(nonResource, "verb"), false, Str(nonResource, "path"));
        else
        {
            await http.Response.WriteJsonAsync(422, StatusErrors.BadRequest("exactly one of nonResourceAttributes or resourceAttributes must be specified"));
            return null;
        }
        var allowed = await authorizer.AllowsAsync(request);
        review["status"] = allowed ? new JsonObject { ["allowed"] = true } : new JsonObject { ["allowed"] = false };
        return Answer(review);
    }

    private static async Task<JsonObject?> SelfSubjectRulesReview(HttpContext http, JsonObject review, string ns)
    {
        var authorizer = Service<RbacAuthorizer>(http);
        await authorizer.WaitLoadedAsync();
        var rules = authorizer.RulesFor(UserInfo.Get(http)!, review["spec"]?["namespace"]?.GetValue<string>() ?? "").Distinct().ToList();
        var resourceRules = new JsonArray();
        var nonResourceRules = new JsonArray();
        foreach (var rule in rules)
        {
            if (rule.NonResourceUrls.Length > 0)
                nonResourceRules.Add(new JsonObject { ["verbs"] = Strings(rule.Verbs), ["nonResourceURLs"] = Strings(rule.NonResourceUrls) });
            if (rule.Resources.Length > 0)
            {
                var json = new JsonObject { ["verbs"] = Strings(rule.Verbs), ["apiGroups"] = Strings(rule.ApiGroups), ["resources"] = Strings(rule.Resources) };
                if (rule.ResourceNames.Length > 0)
                    json["resourceNames"] = Strings(rule.ResourceNames);
                resourceRules.Add(json);
            }
        }
        review["status"] = new JsonObject { ["resourceRules"] = resourceRules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
        return Answer(review);
    }

    private static async Task<JsonObject?> TokenReview(HttpContext http, JsonObject review, string ns)
    {
        var token = review["spec"]?["token"]?.GetValue<string>() ?? "";
        var audiences = (review["spec"]?["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").ToList();
        UserInfo? user = Service<StaticTokenFile>(http).Find(token);
        IReadOnlyList<string> matched = audiences ?? [ServiceAccountTokens.Issuer];
        if (user is null && token.Length > 0)
            (user, matched) = await Service<ServiceAccountTokens>(http).ValidateAsync(token, audiences, Service<ResourceStore>(http), http.RequestAborted);
        review["status"] = user is null
            ? new JsonObject { ["authenticated"] = false, ["user"] = new JsonObject(), ["error"] = "invalid bearer token" }
            : new JsonObject { ["authenticated"] = true, ["user"] = UserJson(user), ["audiences"] = Strings([.. matched]) };
        return Answer(review);
    }

    private static Task<JsonObject?> SelfSubjectReview(HttpContext http, JsonObject review, string ns)
    {
        review["status"] = new JsonObject { ["userInfo"] = UserJson(UserInfo.Get(http)!) };
        return Task.FromResult<JsonObject?>(Answer(review));
    }

    /// <summary>The user a SubjectAccessReview asks about (spec.user, groups, uid, extra).</summary>
    private static UserInfo SubjectOf(JsonNode? spec)
    {
        var groups = (spec?["groups"] as JsonArray)?.Select(g => g?.GetValue<string>() ?? "").ToList() ?? [];
        var extra = (spec?["extra"] as JsonObject)?.ToDictionary(
            e => e.Key, e => (IReadOnlyList<string>)((e.Value as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToList() ?? []));
        // As kube: the groups are taken as given (no system:authenticated is added).
        return new UserInfo(spec?["user"]?.GetValue<string>() ?? "", spec?["uid"]?.GetValue<string>() ?? "", groups,
            extra ?? new Dictionary<string, IReadOnlyList<string>>());
    }

    private static JsonObject UserJson(UserInfo user)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
            json["uid"] = user.Uid;
        json["groups"] = Strings([.. user.Groups]);
        if (user.Extra.Count > 0)
            json["extra"] = new JsonObject(user.Extra.Select(x => KeyValuePair.Create(x.Key, (JsonNode?)Strings([.. x.Value]))));
        return json;
    }

    private static JsonObject Answer(JsonObject review)
    {
        var metadata = review["metadata"] as JsonObject ?? new JsonObject();
        metadata["creationTimestamp"] = null;
        review["metadata"] = metadata;
        return review;
    }

    private static T Service<T>(HttpContext http) where T : notnull =>
        (T)http.RequestServices.GetService(typeof(T))!;

    private static string Str(JsonObject obj, string name) => obj[name]?.GetValue<string>() ?? "";

    private static JsonArray Strings(string[] values) => new(values.Select(v => (JsonNode)v).ToArray());
}
