using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>ValidateNamespace: spec.finalizers must be qualified names kube understands.</summary>
internal static class NamespaceValidator
{
    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        foreach (var finalizer in JsonFields.Strings(JsonFields.Arr(JsonFields.Obj(obj, "spec"), "finalizers")))
        {
            foreach (var message in NameRules.QualifiedName(finalizer))
            {
                errors.Add(FieldErrors.Invalid("spec.finalizers", GoFormat.Quote(finalizer), message));
            }

            MetadataValidator.ValidateKubeFinalizerName(finalizer, "spec.finalizers", errors);
        }
    }
}
