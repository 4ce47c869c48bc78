using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// ValidateStatefulSetSpec. kube checks only the template's labels and annotations here, not its pod
/// spec (volumeClaimTemplates would make volume mounts look dangling), and so does this.
/// </summary>
internal static class StatefulSetValidator
{
    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        if (JsonFields.Scalar(spec, "podManagementPolicy") is { Length: > 0 } policy && policy is not ("OrderedReady" or "Parallel"))
        {
            errors.Add(FieldErrors.Invalid("spec.podManagementPolicy", GoFormat.Quote(policy), "must be 'OrderedReady' or 'Parallel'"));
        }

        ValidateUpdateStrategy(JsonFields.Obj(spec, "updateStrategy"), errors);
        if (JsonFields.Obj(spec, "persistentVolumeClaimRetentionPolicy") is { } retention)
        {
            foreach (var field in (string[])["whenDeleted", "whenScaled"])
            {
                if (JsonFields.Scalar(retention, field) is { Length: > 0 } value && value is not ("Retain" or "Delete"))
                {
                    errors.Add(FieldErrors.NotSupported($"spec.persistentVolumeClaimRetentionPolicy.{field}", GoFormat.Quote(value), "Retain", "Delete"));
                }
            }
        }

        foreach (var (index, claim) in JsonFields.Items(JsonFields.Arr(spec, "volumeClaimTemplates")))
        {
            Kinds.PersistentVolumeClaimKind.ValidateSpec(JsonFields.Obj(claim, "spec"), $"spec.volumeClaimTemplates[{index}].spec", errors);
        }

        ReplicaSetValidator.NonNegative(spec, "replicas", "spec", errors);
        ReplicaSetValidator.NonNegative(spec, "minReadySeconds", "spec", errors);
        ReplicaSetValidator.NonNegative(JsonFields.Obj(spec, "ordinals"), "start", "spec.ordinals", errors);
        var selector = JsonFields.Obj(spec, "selector");
        WorkloadSelector.ValidateRequired(selector, "spec.selector", "statefulset", errors);
        var template = JsonFields.Obj(spec, "template");
        var (converted, ok) = WorkloadSelector.Convert(selector);
        if (!ok)
        {
            errors.Add(FieldErrors.Invalid("spec.selector", GoFormat.LabelSelector(selector!), ""));
        }
        else
        {
            WorkloadSelector.ValidateMatchesTemplate(converted, template, "spec.template", errors);
            var meta = JsonFields.Obj(template, "metadata");
            MetadataValidator.ValidateLabels(JsonFields.Obj(meta, "labels"), "spec.template.labels", errors);
            MetadataValidator.ValidateAnnotations(JsonFields.Obj(meta, "annotations"), "spec.template.annotations", errors);
        }

        var restartPolicy = PodTemplateValidator.RestartPolicy(template);
        if (restartPolicy != "Always")
        {
            errors.Add(FieldErrors.NotSupported("spec.template.spec.restartPolicy", GoFormat.Quote(restartPolicy), "Always"));
        }

        if (JsonFields.Has(JsonFields.Obj(template, "spec"), "activeDeadlineSeconds"))
        {
            errors.Add(FieldErrors.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in StatefulSet is not Supported"));
        }
    }

    private static void ValidateUpdateStrategy(JsonObject? strategy, List<FieldError> errors)
    {
        var type = JsonFields.Scalar(strategy, "type") is { Length: > 0 } given ? given : "RollingUpdate";
        var rollingUpdate = JsonFields.Obj(strategy, "rollingUpdate");
        switch (type)
        {
            case "OnDelete":
                if (rollingUpdate is not null)
                {
                    errors.Add(FieldErrors.Invalid("spec.updateStrategy.rollingUpdate", RenderRollingUpdate(rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'"));
                }

                break;
            case "RollingUpdate":
                ReplicaSetValidator.NonNegative(rollingUpdate, "partition", "spec.updateStrategy.rollingUpdate", errors);
                if (rollingUpdate?["maxUnavailable"] is { } maxUnavailable)
                {
                    const string path = "spec.updateStrategy.rollingUpdate.maxUnavailable";
                    IntOrPercent.ValidatePositive(maxUnavailable, path, errors);
                    if (IntOrPercent.Value(maxUnavailable) == 0)
                    {
                        errors.Add(FieldErrors.Invalid(path, GoFormat.IntOrString(maxUnavailable), "cannot be 0"));
                    }

                    IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, path, errors);
                }

                break;
            default:
                var rendered = $"apps.StatefulSetUpdateStrategy{{Type:{GoFormat.Quote(type)}, RollingUpdate:{GoFormat.Pointer("apps.RollingUpdateStatefulSetStrategy", rollingUpdate is not null)}}}";
                errors.Add(FieldErrors.Invalid("spec.updateStrategy", rendered, "must be 'RollingUpdate' or 'OnDelete'"));
                break;
        }
    }

    private static string RenderRollingUpdate(JsonObject rollingUpdate) =>
        $"apps.RollingUpdateStatefulSetStrategy{{Partition:{GoFormat.Int(JsonFields.Int(rollingUpdate, "partition") ?? 0)}, " +
        $"MaxUnavailable:{GoFormat.Pointer("intstr.IntOrString", JsonFields.Has(rollingUpdate, "maxUnavailable"))}}}";
}
