using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>metav1 ValidateLabelSelector: matchLabels like labels, matchExpressions operator by operator.</summary>
internal static class LabelSelectorValidator
{
    public static void Validate(JsonObject selector, string path, List<FieldError> errors)
    {
        MetadataValidator.ValidateLabels(JsonFields.Obj(selector, "matchLabels"), path.Child("matchLabels"), errors);
        foreach (var (index, expression) in JsonFields.Items(JsonFields.Arr(selector, "matchExpressions")))
        {
            var itemPath = path.Child("matchExpressions").Index(index);
            var op = JsonFields.Scalar(expression, "operator") ?? "";
            var values = JsonFields.Strings(JsonFields.Arr(expression, "values")).ToList();
            switch (op)
            {
                case "In" or "NotIn":
                    if (values.Count == 0)
                    {
                        errors.Add(FieldErrors.Required(itemPath.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    }

                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0)
                    {
                        errors.Add(FieldErrors.Forbidden(itemPath.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }

                    break;
                default:
                    errors.Add(FieldErrors.Invalid(itemPath.Child("operator"), GoFormat.Quote(op), "not a valid selector operator"));
                    break;
            }

            MetadataValidator.ValidateLabelName(JsonFields.Scalar(expression, "key") ?? "", itemPath.Child("key"), errors);
            for (var i = 0; i < values.Count; i++)
            {
                foreach (var message in NameRules.LabelValue(values[i]))
                {
                    errors.Add(FieldErrors.Invalid(itemPath.Child("values").Index(i), GoFormat.Quote(values[i]), message));
                }
            }
        }
    }

    /// <summary>True when the selector has neither matchLabels nor matchExpressions entries.</summary>
    public static bool IsEmpty(JsonObject selector) =>
        (JsonFields.Obj(selector, "matchLabels")?.Count ?? 0) + (JsonFields.Arr(selector, "matchExpressions")?.Count ?? 0) == 0;
}
