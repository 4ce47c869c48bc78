using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// ValidatePodTemplateSpec. Note kube reports template label and annotation problems at
/// <c>&lt;path&gt;.labels</c> (the internal type embeds ObjectMeta), not <c>&lt;path&gt;.metadata.labels</c>.
/// </summary>
internal static class PodTemplateValidator
{
    public static void Validate(JsonObject? template, string path, List<FieldError> errors)
    {
        var meta = JsonFields.Obj(template, "metadata");
        MetadataValidator.ValidateLabels(JsonFields.Obj(meta, "labels"), path.Child("labels"), errors);
        MetadataValidator.ValidateAnnotations(JsonFields.Obj(meta, "annotations"), path.Child("annotations"), errors);
        var spec = JsonFields.Obj(template, "spec");
        PodSpecValidator.Validate(spec, path.Child("spec"), errors);
        if (JsonFields.Arr(spec, "ephemeralContainers") is { Count: > 0 })
        {
            errors.Add(FieldErrors.Forbidden(path.Child("spec").Child("ephemeralContainers"), "ephemeral containers not allowed in pod template"));
        }
    }

    /// <summary>The template's labels as a map (null when absent, which %#v prints differently).</summary>
    public static Dictionary<string, string>? Labels(JsonObject? template) =>
        JsonFields.Obj(template, "metadata", "labels") is { } labels ? JsonFields.StringMap(labels) : null;

    /// <summary>The restart policy after defaulting: an absent policy means Always.</summary>
    public static string RestartPolicy(JsonObject? template)
    {
        var policy = JsonFields.Scalar(JsonFields.Obj(template, "spec"), "restartPolicy");
        return string.IsNullOrEmpty(policy) ? "Always" : policy;
    }
}
