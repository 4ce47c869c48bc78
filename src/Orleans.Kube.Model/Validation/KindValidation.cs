using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>Builds a kind's <see cref="ResourceKind.Validator"/>: kube's ValidateObjectMeta with the kind's name rule, then its own rules.</summary>
internal static class KindValidation
{
    /// <summary>A built-in kind: metadata under <paramref name="nameRule"/>, then <paramref name="rules"/> (if any).</summary>
    public static Action<JsonObject, bool, List<FieldError>> BuiltIn(
        Func<string, IReadOnlyList<string>> nameRule, Action<JsonObject, List<FieldError>>? rules = null) =>
        (obj, namespaced, errors) =>
        {
            MetadataValidator.Validate(obj, namespaced, nameRule, builtIn: true, errors);
            rules?.Invoke(obj, errors);
        };

    /// <summary>A kind whose rules check its metadata themselves (core/v1 Event skips ObjectMeta validation).</summary>
    public static Action<JsonObject, bool, List<FieldError>> Own(Action<JsonObject, List<FieldError>> rules) =>
        (obj, _, errors) => rules(obj, errors);

    /// <summary>What any other object gets: the metadata checks, without kube's built-in finalizer name rules.</summary>
    public static void Generic(JsonObject obj, bool namespaced, List<FieldError> errors) =>
        MetadataValidator.Validate(obj, namespaced, NameRules.Dns1123Subdomain, builtIn: false, errors);
}
