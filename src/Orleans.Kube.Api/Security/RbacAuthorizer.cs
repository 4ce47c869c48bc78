using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Selectors;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// kube's RBAC authorizer: a request is allowed when a ClusterRoleBinding, or a RoleBinding in the
/// request's namespace, binds the user (by name, group or ServiceAccount) to a role with a rule
/// that allows it. Members of system:masters are allowed everything (kube's privileged group).
/// ClusterRoles with an aggregationRule also carry the rules of the ClusterRoles they select.
/// </summary>
public sealed class RbacAuthorizer(RbacCache cache)
{
    private static readonly TimeSpan LoadWait = TimeSpan.FromSeconds(10);

    public async Task<bool> AllowsAsync(RequestAttributes request)
    {
        if (request.User.IsMaster)
            return true;
        await cache.Loaded.WaitAsync(LoadWait);
        return RulesFor(request.User, request.IsResourceRequest ? request.Namespace : "").Any(rule => rule.Allows(request));
    }

    /// <summary>Every rule that applies to <paramref name="user"/> in <paramref name="ns"/> (cluster-wide ones included).</summary>
    public IEnumerable<PolicyRule> RulesFor(UserInfo user, string ns)
    {
        foreach (var binding in cache.All(RbacCache.ClusterRoleBindings))
            if (Binds(binding, user, ""))
                foreach (var rule in ClusterRoleRules(binding["roleRef"]?["name"]?.GetValue<string>() ?? ""))
                    yield return rule;
        if (ns.Length == 0)
            yield break;
        foreach (var binding in cache.InNamespace(RbacCache.RoleBindings, ns))
        {
            if (!Binds(binding, user, ns))
                continue;
            var roleRef = binding["roleRef"];
            var roleName = roleRef?["name"]?.GetValue<string>() ?? "";
            var rules = roleRef?["kind"]?.GetValue<string>() == "ClusterRole"
                ? ClusterRoleRules(roleName)
                : PolicyRule.ListFrom(cache.Find(RbacCache.Roles, ns, roleName)?["rules"]);
            foreach (var rule in rules)
                yield return rule;
        }
    }

    public async Task WaitLoadedAsync() => await cache.Loaded.WaitAsync(LoadWait);

    /// <summary>A ClusterRole's rules, with those of the ClusterRoles its aggregationRule selects.</summary>
    public IReadOnlyList<PolicyRule> ClusterRoleRules(string name)
    {
        var role = cache.Find(RbacCache.ClusterRoles, "", name);
        if (role is null)
            return [];
        var rules = PolicyRule.ListFrom(role["rules"]).ToList();
        if (role["aggregationRule"]?["clusterRoleSelectors"] is JsonArray selectors)
            foreach (var other in cache.All(RbacCache.ClusterRoles))
                if (other.Name() != name && selectors.Any(s => LabelSelector.FromLabelSelector(s).Matches(Labels(other))))
                    rules.AddRange(PolicyRule.ListFrom(other["rules"]).Where(r => !rules.Contains(r)));
        return rules;
    }

    private static Dictionary<string, string> Labels(JsonObject obj) =>
        obj["metadata"]?["labels"] is JsonObject labels
            ? labels.ToDictionary(l => l.Key, l => l.Value?.GetValue<string>() ?? "")
            : [];

    private static bool Binds(JsonObject binding, UserInfo user, string bindingNamespace) =>
        binding["subjects"] is JsonArray subjects && subjects.Any(s => Applies(s, user, bindingNamespace));

    private static bool Applies(JsonNode? subject, UserInfo user, string bindingNamespace)
    {
        var name = subject?["name"]?.GetValue<string>() ?? "";
        return subject?["kind"]?.GetValue<string>() switch
        {
            "User" => user.Name == name,
            "Group" => user.Groups.Contains(name),
            "ServiceAccount" => user.Name == $"{UserInfo.ServiceAccountPrefix}{(subject["namespace"]?.GetValue<string>() is { Length: > 0 } ns ? ns : bindingNamespace)}:{name}",
            _ => false,
        };
    }
}
