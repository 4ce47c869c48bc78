using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// Create-time validation of objects in Kubernetes JSON form, returning the field errors kube-apiserver
/// would (same paths, cause types and wording), after the defaulting kube applies first is taken into
/// account. Each kind's rules come from its declaration (<see cref="ResourceKind.Validator"/>); kinds
/// without rules of their own get the metadata checks only.
/// </summary>
public static class ObjectValidator
{
    public static IReadOnlyList<FieldError> Validate(ResourceKind kind, JsonObject obj)
    {
        var errors = new List<FieldError>();
        (kind.Validator ?? KindValidation.Generic)(obj, kind.Namespaced, errors);
        return errors;
    }

    /// <summary>Validation by kind name; a kind this server does not serve gets the generic metadata checks.</summary>
    public static IReadOnlyList<FieldError> Validate(string kind, JsonObject obj, bool namespaced)
    {
        var errors = new List<FieldError>();
        (ResourceKinds.ByKind(kind)?.Validator ?? KindValidation.Generic)(obj, namespaced, errors);
        return errors;
    }

    /// <summary>
    /// The Status message of a 422 Invalid response, e.g.
    /// <c>Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0</c>;
    /// several distinct errors are joined in brackets.
    /// </summary>
    public static string FormatMessage(string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var subject = $"{KindGroups.Qualify(kind)} {GoFormat.Quote(name)} is invalid";
        return errors.Count == 0 ? subject : $"{subject}: {GoFormat.Aggregate(errors.Select(e => e.ToString()))}";
    }
}
