using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// kube's impersonation filter: Impersonate-User, Impersonate-Group, Impersonate-Uid and
/// Impersonate-Extra-* make the request act as another user, when the caller may "impersonate"
/// users (or serviceaccounts), groups, uids and userextras/KEY.
/// </summary>
public static class Impersonation
{
    private const string UserHeader = "Impersonate-User";
    private const string GroupHeader = "Impersonate-Group";
    private const string UidHeader = "Impersonate-Uid";
    private const string ExtraPrefix = "Impersonate-Extra-";

    /// <summary>The user to act as (the caller when nothing is impersonated), or a 403/400 body already written.</summary>
    public static async Task<UserInfo?> ApplyAsync(HttpContext http, UserInfo caller, RbacAuthorizer authorizer)
    {
        var headers = http.Request.Headers;
        var user = headers[UserHeader].ToString();
        var groups = headers[GroupHeader].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        var uid = headers[UidHeader].ToString();
        var extraHeaders = headers.Where(h => h.Key.StartsWith(ExtraPrefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (user.Length == 0 && groups.Count == 0 && uid.Length == 0 && extraHeaders.Count == 0)
            return caller;
        if (user.Length == 0)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest("requested impersonation without a user name"));
            return null;
        }

        var checks = new List<RequestAttributes>();
        if (user.StartsWith(UserInfo.ServiceAccountPrefix, StringComparison.Ordinal) && user[UserInfo.ServiceAccountPrefix.Length..].Split(':') is [var saNs, var saName])
            checks.Add(Check(caller, "", "serviceaccounts", saNs, saName));
        else
            checks.Add(Check(caller, "", "users", "", user));
        checks.AddRange(groups.Select(g => Check(caller, "", "groups", "", g)));
        if (uid.Length > 0)
            checks.Add(Check(caller, "authentication.k8s.io", "uids", "", uid));
        var extra = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var (key, values) in extraHeaders)
        {
            var extraKey = Uri.UnescapeDataString(key[ExtraPrefix.Length..]).ToLowerInvariant();
            extra[extraKey] = values.Select(v => v ?? "").ToList();
            checks.AddRange(extra[extraKey].Select(v => Check(caller, "authentication.k8s.io", "userextras", "", v) with { Subresource = extraKey }));
        }
        foreach (var check in checks)
        {
            if (await authorizer.AllowsAsync(check))
                continue;
            var why = $"User \"{caller.Name}\" cannot impersonate resource \"{check.CombinedResource}\" in API group \"{check.ApiGroup}\""
                + (check.Namespace.Length > 0 ? $" in the namespace \"{check.Namespace}\"" : " at the cluster scope");
            await http.Response.WriteJsonAsync(403, StatusErrors.ForbiddenRequest(check.ApiGroup, check.Resource, check.Name, why));
            return null;
        }
        if (user.StartsWith(UserInfo.ServiceAccountPrefix, StringComparison.Ordinal) && user[UserInfo.ServiceAccountPrefix.Length..].Split(':') is [var ns, var name] && groups.Count == 0)
            return UserInfo.ServiceAccount(ns, name, uid, extra);
        return user == UserInfo.Anonymous ? UserInfo.AnonymousUser with { Groups = groups } : UserInfo.Of(user, uid, groups, extra);
    }

    private static RequestAttributes Check(UserInfo caller, string group, string resource, string ns, string name) =>
        new(caller, "impersonate", true, "", group, "v1", resource, "", ns, name);
}
