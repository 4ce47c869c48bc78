using System.Text.Json.Nodes;

namespace Orleans.Kube.Api.Security;

/// <summary>
/// kube's bootstrap RBAC policy (the part a cluster without its controllers needs): cluster-admin
/// for system:masters; the user-facing admin, edit and view roles, aggregated from the
/// system:aggregate-to-* roles as kube builds them; discovery, basic-user, public-info-viewer and
/// the ServiceAccount issuer discovery role with their bindings. Created on first start; an
/// administrator's later edits are kept.
/// </summary>
public static class BootstrapPolicy
{
    private const string Aggregate = "rbac.authorization.k8s.io/aggregate-to-";
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];

    public static IEnumerable<JsonObject> ClusterRoles()
    {
        yield return Role("cluster-admin", null, null,
            Rule(["*"], ["*"], ["*"]), NonResource(["*"], ["*"]));
        yield return Role("system:discovery", null, null,
            NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"]));
        yield return Role("system:public-info-viewer", null, null,
            NonResource(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"]));
        yield return Role("system:basic-user", null, null,
            Rule(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            Rule(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]));
        yield return Role("system:service-account-issuer-discovery", null, null,
            NonResource(["get"], ["/.well-known/openid-configuration", "/.well-known/openid-configuration/", "/openid/v1/jwks", "/openid/v1/jwks/"]));

        yield return Role("admin", "admin", null);
        yield return Role("edit", "edit", "admin");
        yield return Role("view", "view", "edit");
        yield return Role("system:aggregate-to-admin", null, "admin",
            Rule([.. Read, .. Write], ["rbac.authorization.k8s.io"], ["rolebindings", "roles"]),
            Rule(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]));
        yield return Role("system:aggregate-to-edit", null, "edit",
            Rule(["create", "delete", "deletecollection", "patch", "update"], [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
            Rule(["create"], [""], ["pods/eviction"]),
            Rule([.. Write], [""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
            Rule(["create"], [""], ["serviceaccounts/token"]),
            Rule(["impersonate"], [""], ["serviceaccounts"]),
            Rule([.. Read], [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
            Rule([.. Write], ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
            Rule([.. Write], ["autoscaling"], ["horizontalpodautoscalers"]),
            Rule([.. Write], ["batch"], ["cronjobs", "jobs"]),
            Rule([.. Write], ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
            Rule([.. Write], ["policy"], ["poddisruptionbudgets"]),
            Rule([.. Write], ["discovery.k8s.io"], ["endpointslices"]));
        yield return Role("system:aggregate-to-view", null, "view",
            Rule(Read, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
            Rule(Read, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
            Rule(Read, [""], ["namespaces"]),
            Rule(Read, ["discovery.k8s.io"], ["endpointslices"]),
            Rule(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
            Rule(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
            Rule(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
            Rule(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
            Rule(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
            Rule(Read, ["metrics.k8s.io"], ["pods", "nodes"]));
    }

    public static IEnumerable<JsonObject> ClusterRoleBindings()
    {
        yield return Binding("cluster-admin", "cluster-admin", "system:masters");
        yield return Binding("system:discovery", "system:discovery", "system:authenticated");
        yield return Binding("system:basic-user", "system:basic-user", "system:authenticated");
        yield return Binding("system:public-info-viewer", "system:public-info-viewer", "system:authenticated", "system:unauthenticated");
        yield return Binding("system:service-account-issuer-discovery", "system:service-account-issuer-discovery", "system:serviceaccounts");
    }

    /// <summary>A ClusterRole; <paramref name="aggregates"/> makes it collect the roles labelled aggregate-to-that, <paramref name="aggregateTo"/> labels it so.</summary>
    private static JsonObject Role(string name, string? aggregates, string? aggregateTo, params JsonObject[] rules)
    {
        var labels = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" };
        if (aggregateTo is not null)
            labels[Aggregate + aggregateTo] = "true";
        var role = new JsonObject
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = "ClusterRole",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
            },
            ["rules"] = new JsonArray([.. rules]),
        };
        if (aggregates is not null)
            role["aggregationRule"] = new JsonObject
            {
                ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [Aggregate + aggregates] = "true" } }),
            };
        return role;
    }

    private static JsonObject Binding(string name, string role, params string[] groups) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["labels"] = new JsonObject { ["kubernetes.io/bootstrapping"] = "rbac-defaults" },
            ["annotations"] = new JsonObject { ["rbac.authorization.kubernetes.io/autoupdate"] = "true" },
        },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = g })]),
    };

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources) => new()
    {
        ["verbs"] = Strings(verbs),
        ["apiGroups"] = Strings(groups),
        ["resources"] = Strings(resources),
    };

    private static JsonObject NonResource(string[] verbs, string[] urls) => new()
    {
        ["verbs"] = Strings(verbs),
        ["nonResourceURLs"] = Strings(urls),
    };

    private static JsonArray Strings(string[] values) => new(values.Select(v => (JsonNode)v).ToArray());
}
