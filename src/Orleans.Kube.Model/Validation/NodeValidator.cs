using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>ValidateNode's taint rules: label-style key and value, a known effect, unique key/effect pairs.</summary>
internal static class NodeValidator
{
    private static readonly string[] Effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var seen = new HashSet<(string, string)>();
        foreach (var (index, taint) in JsonFields.Items(JsonFields.Arr(JsonFields.Obj(obj, "spec"), "taints")))
        {
            var path = "spec.taints".Index(index);
            var key = JsonFields.Scalar(taint, "key") ?? "";
            var value = JsonFields.Scalar(taint, "value") ?? "";
            var effect = JsonFields.Scalar(taint, "effect") ?? "";
            MetadataValidator.ValidateLabelName(key, path.Child("key"), errors);
            if (NameRules.LabelValue(value) is { Count: > 0 } problems)
            {
                errors.Add(FieldErrors.Invalid(path.Child("value"), GoFormat.Quote(value), string.Join(";", problems)));
            }

            if (effect.Length == 0)
            {
                errors.Add(FieldErrors.Required(path.Child("effect")));
            }
            else if (!Effects.Contains(effect))
            {
                errors.Add(FieldErrors.NotSupported(path.Child("effect"), GoFormat.Quote(effect), Effects));
            }

            if (!seen.Add((key, effect)))
            {
                var rendered = $"core.Taint{{Key:{GoFormat.Quote(key)}, Value:{GoFormat.Quote(value)}, Effect:{GoFormat.Quote(effect)}, " +
                    $"TimeAdded:{GoFormat.Pointer("v1.Time", JsonFields.Has(taint, "timeAdded"))}}}";
                errors.Add(FieldErrors.Duplicate(path, rendered, "taints must be unique by key and effect pair"));
            }
        }
    }
}
