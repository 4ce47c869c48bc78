using System.Text.Json.Nodes;
using k8s.Models;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Kinds;

/// <summary>
/// rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding and ClusterRoleBinding, with kube's
/// name rule (any valid path segment, so "system:masters" is a name), ValidateRoleBinding's roleRef
/// and subject checks, and printRoleBinding's Role column. The authorizer reads them from its cache.
/// </summary>
internal static class RbacKinds
{
    public const string Group = "rbac.authorization.k8s.io";
    private static readonly string[] SubjectKinds = ["ServiceAccount", "User", "Group"];

    public static readonly ResourceKind Role = ResourceKind.Of<V1Role>(Group, "v1", "Role", "roles", true) with
    {
        Validator = KindValidation.BuiltIn(PathSegmentName, ValidateRules),
        ProtoMessage = "rbac.Role",
    };

    public static readonly ResourceKind ClusterRole = ResourceKind.Of<V1ClusterRole>(Group, "v1", "ClusterRole", "clusterroles", false) with
    {
        Validator = KindValidation.BuiltIn(PathSegmentName, ValidateRules),
        ProtoMessage = "rbac.ClusterRole",
    };

    public static readonly ResourceKind RoleBinding = ResourceKind.Of<V1RoleBinding>(Group, "v1", "RoleBinding", "rolebindings", true) with
    {
        Validator = KindValidation.BuiltIn(PathSegmentName, (obj, errors) => ValidateBinding(obj, errors, namespaced: true)),
        Printer = BindingPrinter,
        ProtoMessage = "rbac.RoleBinding",
    };

    public static readonly ResourceKind ClusterRoleBinding = ResourceKind.Of<V1ClusterRoleBinding>(Group, "v1", "ClusterRoleBinding", "clusterrolebindings", false) with
    {
        Validator = KindValidation.BuiltIn(PathSegmentName, (obj, errors) => ValidateBinding(obj, errors, namespaced: false)),
        Printer = BindingPrinter,
        ProtoMessage = "rbac.RoleBinding",
    };

    private static ResourcePrinter BindingPrinter => new(
    [
        Columns.Name,
        Columns.Text("Role", "RoleRef is the reference to the role the binding grants."),
        Columns.Age,
        Columns.Text("Users", "Users in the binding", priority: 1),
        Columns.Text("Groups", "Groups in the binding", priority: 1),
        Columns.Text("ServiceAccounts", "ServiceAccounts in the binding", priority: 1),
    ], (obj, now) =>
    [
        Text(obj, "metadata", "name"),
        $"{Text(obj, "roleRef", "kind")}/{Text(obj, "roleRef", "name")}",
        HumanDurations.Since(Time(obj, "metadata", "creationTimestamp"), now),
        Subjects(obj, "User"),
        Subjects(obj, "Group"),
        Subjects(obj, "ServiceAccount"),
    ]);

    private static string Subjects(JsonObject obj, string kind) =>
        string.Join(", ", (obj["subjects"] as JsonArray)?.OfType<JsonObject>().Where(s => Str(s, "kind") == kind)
            .Select(s => kind == "ServiceAccount" ? $"{Str(s, "namespace")}/{Str(s, "name")}" : Str(s, "name")) ?? []);

    /// <summary>path.IsValidPathSegmentName, kube's ValidateRBACName.</summary>
    private static IReadOnlyList<string> PathSegmentName(string name)
    {
        if (name is "." or "..")
            return [$"may not be '{name}'"];
        if (name.Contains('/'))
            return ["may not contain '/'"];
        return name.Contains('%') ? ["may not contain '%'"] : [];
    }

    private static void ValidateRules(JsonObject obj, List<FieldError> errors)
    {
        var index = 0;
        foreach (var rule in (obj["rules"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var path = $"rules[{index++}]";
            if ((rule["verbs"] as JsonArray) is not { Count: > 0 })
                errors.Add(FieldErrors.Required($"{path}.verbs", "verbs must contain at least one value"));
            var urls = rule["nonResourceURLs"] as JsonArray is { Count: > 0 };
            var resources = rule["resources"] as JsonArray is { Count: > 0 };
            if (urls && resources)
                errors.Add(FieldErrors.Invalid($"{path}.nonResourceURLs", "[]string{...}", "rules cannot apply to both regular resources and non-resource URLs"));
            if (urls && obj["metadata"]?["namespace"] is not null)
                errors.Add(FieldErrors.Invalid($"{path}.nonResourceURLs", "[]string{...}", "namespaced rules cannot apply to non-resource URLs"));
            if (!urls && (rule["apiGroups"] as JsonArray) is not { Count: > 0 })
                errors.Add(FieldErrors.Required($"{path}.apiGroups", "resource rules must supply at least one api group"));
            if (!urls && !resources)
                errors.Add(FieldErrors.Required($"{path}.resources", "resource rules must supply at least one resource"));
        }
    }

    private static void ValidateBinding(JsonObject obj, List<FieldError> errors, bool namespaced)
    {
        var roleRef = obj["roleRef"] as JsonObject;
        if (Str(roleRef, "apiGroup") != Group)
            errors.Add(FieldErrors.NotSupported("roleRef.apiGroup", GoFormat.Quote(Str(roleRef, "apiGroup") ?? ""), Group));
        string[] kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
        if (!kinds.Contains(Str(roleRef, "kind")))
            errors.Add(FieldErrors.NotSupported("roleRef.kind", GoFormat.Quote(Str(roleRef, "kind") ?? ""), kinds));
        if (Str(roleRef, "name") is not { Length: > 0 })
            errors.Add(FieldErrors.Required("roleRef.name"));
        var index = 0;
        foreach (var subject in (obj["subjects"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var path = $"subjects[{index++}]";
            if (Str(subject, "name") is not { Length: > 0 })
                errors.Add(FieldErrors.Required($"{path}.name"));
            var kind = Str(subject, "kind") ?? "";
            if (!SubjectKinds.Contains(kind))
                errors.Add(FieldErrors.NotSupported($"{path}.kind", GoFormat.Quote(kind), SubjectKinds));
            else if (kind == "ServiceAccount" && Str(subject, "namespace") is not { Length: > 0 } && !namespaced)
                errors.Add(FieldErrors.Required($"{path}.namespace"));
        }
    }
}
