using System.Text.Json.Nodes;
using Orleans.Kube.Model.Selectors;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// The spec.selector rules the apps kinds share: required, valid, non-empty, convertible, and matching
/// the pod template's labels. A missing selector converts to "nothing", which matches no template.
/// </summary>
internal static class WorkloadSelector
{
    /// <summary>The converted selector: null for a missing one (labels.Nothing), or the error when it does not convert.</summary>
    public static (LabelSelector? Selector, bool Converted) Convert(JsonObject? selector)
    {
        if (selector is null)
        {
            return (null, true);
        }

        try
        {
            return (LabelSelector.FromLabelSelector(selector), true);
        }
        catch (SelectorException)
        {
            return (null, false);
        }
    }

    /// <summary>Required, ValidateLabelSelector and the "empty selector is invalid for {kind}" rule.</summary>
    public static void ValidateRequired(JsonObject? selector, string path, string kindWord, List<FieldError> errors)
    {
        if (selector is null)
        {
            errors.Add(FieldErrors.Required(path));
            return;
        }

        LabelSelectorValidator.Validate(selector, path, errors);
        if (LabelSelectorValidator.IsEmpty(selector))
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.LabelSelector(selector), $"empty selector is invalid for {kindWord}"));
        }
    }

    /// <summary>Reports the template labels when a non-empty selector (or a missing one) does not select them.</summary>
    public static void ValidateMatchesTemplate(LabelSelector? selector, JsonObject? template, string templatePath, List<FieldError> errors)
    {
        if (selector is { IsEverything: true })
        {
            return;
        }

        var labels = PodTemplateValidator.Labels(template);
        if (selector is null || !selector.Matches(labels))
        {
            errors.Add(FieldErrors.Invalid(templatePath.Child("metadata").Child("labels"), GoFormat.StringMap(labels), Messages.SelectorMismatch));
        }
    }
}
