using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// ValidateDaemonSetSpec. Unlike the other apps kinds kube has no "Required" check for spec.selector
/// here: a missing selector selects nothing, so it surfaces as the template-labels mismatch.
/// </summary>
internal static class DaemonSetValidator
{
    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        var selector = JsonFields.Obj(spec, "selector");
        if (selector is not null)
        {
            LabelSelectorValidator.Validate(selector, "spec.selector", errors);
        }

        var template = JsonFields.Obj(spec, "template");
        var (converted, ok) = WorkloadSelector.Convert(selector);
        if (ok && (converted is null || !converted.Matches(PodTemplateValidator.Labels(template))))
        {
            errors.Add(FieldErrors.Invalid("spec.template.metadata.labels", GoFormat.StringMap(PodTemplateValidator.Labels(template)), Messages.SelectorMismatch));
        }

        if (selector is not null && LabelSelectorValidator.IsEmpty(selector))
        {
            errors.Add(FieldErrors.Invalid("spec.selector", GoFormat.LabelSelector(selector), "empty selector is invalid for daemonset"));
        }

        PodTemplateValidator.Validate(template, "spec.template", errors);
        var restartPolicy = PodTemplateValidator.RestartPolicy(template);
        if (restartPolicy != "Always")
        {
            errors.Add(FieldErrors.NotSupported("spec.template.spec.restartPolicy", GoFormat.Quote(restartPolicy), "Always"));
        }

        if (JsonFields.Has(JsonFields.Obj(template, "spec"), "activeDeadlineSeconds"))
        {
            errors.Add(FieldErrors.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in DaemonSet is not Supported"));
        }

        ReplicaSetValidator.NonNegative(spec, "minReadySeconds", "spec", errors);
        ValidateUpdateStrategy(JsonFields.Obj(spec, "updateStrategy"), errors);
        ReplicaSetValidator.NonNegative(spec, "revisionHistoryLimit", "spec", errors);
    }

    private static void ValidateUpdateStrategy(JsonObject? strategy, List<FieldError> errors)
    {
        const string path = "spec.updateStrategy.rollingUpdate";
        var type = JsonFields.Scalar(strategy, "type") is { Length: > 0 } given ? given : "RollingUpdate";
        var rollingUpdate = JsonFields.Obj(strategy, "rollingUpdate");
        switch (type)
        {
            case "OnDelete":
                break;
            case "RollingUpdate":
                // Defaulting: maxUnavailable 1, maxSurge 0.
                var maxUnavailable = rollingUpdate?["maxUnavailable"] ?? 1;
                var maxSurge = rollingUpdate?["maxSurge"] ?? 0;
                IntOrPercent.ValidatePositive(maxUnavailable, path.Child("maxUnavailable"), errors);
                IntOrPercent.ValidatePositive(maxSurge, path.Child("maxSurge"), errors);
                IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, path.Child("maxUnavailable"), errors);
                IntOrPercent.ValidateNotMoreThan100Percent(maxSurge, path.Child("maxSurge"), errors);
                var hasUnavailable = IntOrPercent.Value(maxUnavailable) != 0;
                var hasSurge = IntOrPercent.Value(maxSurge) != 0;
                if (hasUnavailable && hasSurge)
                {
                    errors.Add(FieldErrors.Invalid(path.Child("maxSurge"), GoFormat.IntOrString(maxSurge), "may not be set when maxUnavailable is non-zero"));
                }
                else if (!hasUnavailable && !hasSurge)
                {
                    errors.Add(FieldErrors.Required(path.Child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
                }

                break;
            default:
                var rendered = $"apps.DaemonSetUpdateStrategy{{Type:{GoFormat.Quote(type)}, RollingUpdate:{GoFormat.Pointer("apps.RollingUpdateDaemonSet", rollingUpdate is not null)}}}";
                errors.Add(FieldErrors.NotSupported("spec.updateStrategy", rendered, "RollingUpdate", "OnDelete"));
                break;
        }
    }
}
