using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>ValidateDeploymentSpec: replicas, selector and template, strategy and the history/deadline knobs.</summary>
internal static class DeploymentValidator
{
    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        ReplicaSetValidator.NonNegative(spec, "replicas", "spec", errors);
        var selector = JsonFields.Obj(spec, "selector");
        WorkloadSelector.ValidateRequired(selector, "spec.selector", "deployment", errors);
        ReplicaSetValidator.ValidateSelectorAndTemplate(spec, selector, errors);
        ValidateStrategy(JsonFields.Obj(spec, "strategy"), errors);
        ReplicaSetValidator.NonNegative(spec, "minReadySeconds", "spec", errors);
        ReplicaSetValidator.NonNegative(spec, "revisionHistoryLimit", "spec", errors);
        if (JsonFields.Int(spec, "progressDeadlineSeconds") is long deadline)
        {
            ReplicaSetValidator.NonNegative(spec, "progressDeadlineSeconds", "spec", errors);
            if (deadline <= (JsonFields.Int(spec, "minReadySeconds") ?? 0))
            {
                errors.Add(FieldErrors.Invalid("spec.progressDeadlineSeconds", GoFormat.Int(deadline), "must be greater than minReadySeconds"));
            }
        }
    }

    private static void ValidateStrategy(JsonObject? strategy, List<FieldError> errors)
    {
        // Defaulting: no type means RollingUpdate, and RollingUpdate fills both knobs with 25%.
        var type = JsonFields.Scalar(strategy, "type") is { Length: > 0 } given ? given : "RollingUpdate";
        var rollingUpdate = JsonFields.Obj(strategy, "rollingUpdate");
        switch (type)
        {
            case "Recreate":
                if (rollingUpdate is not null)
                {
                    errors.Add(FieldErrors.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"));
                }

                break;
            case "RollingUpdate":
                var maxUnavailable = rollingUpdate?["maxUnavailable"] ?? "25%";
                var maxSurge = rollingUpdate?["maxSurge"] ?? "25%";
                IntOrPercent.ValidatePositive(maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable", errors);
                IntOrPercent.ValidatePositive(maxSurge, "spec.strategy.rollingUpdate.maxSurge", errors);
                if (IntOrPercent.Value(maxUnavailable) == 0 && IntOrPercent.Value(maxSurge) == 0)
                {
                    errors.Add(FieldErrors.Invalid("spec.strategy.rollingUpdate.maxUnavailable", GoFormat.IntOrString(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
                }

                IntOrPercent.ValidateNotMoreThan100Percent(maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable", errors);
                break;
            default:
                var rendered = $"apps.DeploymentStrategy{{Type:{GoFormat.Quote(type)}, RollingUpdate:{GoFormat.Pointer("apps.RollingUpdateDeployment", rollingUpdate is not null)}}}";
                errors.Add(FieldErrors.NotSupported("spec.strategy", rendered, "Recreate", "RollingUpdate"));
                break;
        }
    }
}
