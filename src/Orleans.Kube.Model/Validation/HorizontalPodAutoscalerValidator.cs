using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>validateHorizontalPodAutoscalerSpec: replica bounds and a scale target that names a kind and an object.</summary>
internal static class HorizontalPodAutoscalerValidator
{
    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var spec = JsonFields.Obj(obj, "spec");
        var minReplicas = JsonFields.Int(spec, "minReplicas");
        var maxReplicas = JsonFields.Int(spec, "maxReplicas") ?? 0;
        if (minReplicas is long min && min < 1)
        {
            errors.Add(FieldErrors.Invalid("spec.minReplicas", GoFormat.Int(min), "must be greater than or equal to 1"));
        }

        if (maxReplicas < 1)
        {
            errors.Add(FieldErrors.Invalid("spec.maxReplicas", GoFormat.Int(maxReplicas), "must be greater than 0"));
        }

        if (minReplicas is long lower && maxReplicas < lower)
        {
            errors.Add(FieldErrors.Invalid("spec.maxReplicas", GoFormat.Int(maxReplicas), "must be greater than or equal to `minReplicas`"));
        }

        var target = JsonFields.Obj(spec, "scaleTargetRef");
        foreach (var field in (string[])["kind", "name"])
        {
            var path = "spec.scaleTargetRef".Child(field);
            var value = JsonFields.Scalar(target, field) ?? "";
            if (value.Length == 0)
            {
                errors.Add(FieldErrors.Required(path));
                continue;
            }

            foreach (var message in PathSegmentProblems(value))
            {
                errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(value), message));
            }
        }
    }

    // path.IsValidPathSegmentName: the value becomes part of a URL path.
    private static IEnumerable<string> PathSegmentProblems(string value)
    {
        if (value is "." or "..")
        {
            yield return $"may not be '{value}'";
            yield break;
        }

        foreach (var illegal in (string[])["/", "%"])
        {
            if (value.Contains(illegal, StringComparison.Ordinal))
            {
                yield return $"may not contain '{illegal}'";
            }
        }
    }
}
