using Microsoft.AspNetCore.Http;

namespace Orleans.Kube.Api.Security;

/// <summary>Who a request is from, as kube's user.Info: name, uid, groups and extra attributes.</summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    public const string Anonymous = "system:anonymous";
    public const string Authenticated = "system:authenticated";
    public const string Unauthenticated = "system:unauthenticated";
    public const string Masters = "system:masters";
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    private static readonly Dictionary<string, IReadOnlyList<string>> NoExtra = [];
    private static readonly object Key = new();

    public static UserInfo Of(string name, string uid, IEnumerable<string> groups, IReadOnlyDictionary<string, IReadOnlyList<string>>? extra = null)
    {
        var all = groups.Where(g => g.Length > 0).Distinct().ToList();
        // kube adds system:authenticated to every authenticated user but the anonymous one.
        if (name != Anonymous && !all.Contains(Authenticated))
            all.Add(Authenticated);
        return new UserInfo(name, uid, all, extra ?? NoExtra);
    }

    public static UserInfo AnonymousUser { get; } = new(Anonymous, "", [Unauthenticated], NoExtra);

    public static UserInfo ServiceAccount(string ns, string name, string uid, IReadOnlyDictionary<string, IReadOnlyList<string>>? extra = null) =>
        Of($"{ServiceAccountPrefix}{ns}:{name}", uid, ["system:serviceaccounts", $"system:serviceaccounts:{ns}"], extra);

    public bool IsMaster => Groups.Contains(Masters);

    /// <summary>The authenticated (and possibly impersonated) user of the request.</summary>
    public static UserInfo? Get(HttpContext http) => http.Items.TryGetValue(Key, out var user) ? user as UserInfo : null;

    public static void Set(HttpContext http, UserInfo user) => http.Items[Key] = user;

    /// <summary>The user who authenticated, before impersonation (the audit log records both).</summary>
    public static UserInfo? GetOriginal(HttpContext http) => http.Items.TryGetValue(OriginalKey, out var user) ? user as UserInfo : null;

    public static void SetOriginal(HttpContext http, UserInfo user) => http.Items[OriginalKey] = user;

    private static readonly object OriginalKey = new();
}
