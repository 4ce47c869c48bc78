using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>ValidateReplicaSetSpec, plus ValidatePodTemplateSpecForReplicaSet which Deployments share.</summary>
internal static class ReplicaSetValidator
{
    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        NonNegative(spec, "replicas", "spec", errors);
        NonNegative(spec, "minReadySeconds", "spec", errors);
        var selector = JsonFields.Obj(spec, "selector");

        // kube's ReplicaSet validation really does say "for deployment".
        WorkloadSelector.ValidateRequired(selector, "spec.selector", "deployment", errors);
        ValidateSelectorAndTemplate(spec, selector, errors);
    }

    /// <summary>Converts the selector, then validates the template against it as ReplicaSets require.</summary>
    public static void ValidateSelectorAndTemplate(JsonObject? spec, JsonObject? selector, List<FieldError> errors)
    {
        var (converted, ok) = WorkloadSelector.Convert(selector);
        if (!ok)
        {
            errors.Add(FieldErrors.Invalid("spec.selector", GoFormat.LabelSelector(selector!), "invalid label selector"));
            return;
        }

        var template = JsonFields.Obj(spec, "template");
        WorkloadSelector.ValidateMatchesTemplate(converted, template, "spec.template", errors);
        PodTemplateValidator.Validate(template, "spec.template", errors);
        var restartPolicy = PodTemplateValidator.RestartPolicy(template);
        if (restartPolicy != "Always")
        {
            errors.Add(FieldErrors.NotSupported("spec.template.spec.restartPolicy", GoFormat.Quote(restartPolicy), "Always"));
        }

        if (JsonFields.Has(JsonFields.Obj(template, "spec"), "activeDeadlineSeconds"))
        {
            errors.Add(FieldErrors.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }
    }

    public static void NonNegative(JsonObject? parent, string field, string path, List<FieldError> errors)
    {
        if (JsonFields.Int(parent, field) is long value && value < 0)
        {
            errors.Add(FieldErrors.Invalid(path.Child(field), GoFormat.Int(value), Messages.NonNegative));
        }
    }
}
