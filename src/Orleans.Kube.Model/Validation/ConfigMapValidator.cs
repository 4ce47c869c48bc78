using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>ValidateConfigMap: config-key names in data and binaryData, no key in both, 1 MiB in total.</summary>
internal static class ConfigMapValidator
{
    public const int MaxSize = 1024 * 1024;

    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var data = JsonFields.Obj(obj, "data");
        var binaryData = JsonFields.Obj(obj, "binaryData");
        long size = 0;
        foreach (var (key, value) in data ?? [])
        {
            ValidateKey(key, "data".Key(key), errors);
            if (binaryData?.ContainsKey(key) == true)
            {
                errors.Add(FieldErrors.Invalid("data".Key(key), GoFormat.Quote(key), "duplicate of key present in binaryData"));
            }

            size += NameRules.ByteLength(JsonFields.ScalarText(value));
        }

        foreach (var (key, value) in binaryData ?? [])
        {
            ValidateKey(key, "binaryData".Key(key), errors);
            if (Base64Text.Check(JsonFields.ScalarText(value), out var length) is { } problem)
            {
                // kube rejects this while decoding the body; reported here on the entry instead.
                errors.Add(FieldErrors.Invalid("binaryData".Key(key), GoFormat.Quote("<binary contents redacted>"), problem));
            }

            size += length;
        }

        if (size > MaxSize)
        {
            // The empty path stands for the whole object, as in kube.
            errors.Add(FieldErrors.TooLong("", MaxSize));
        }
    }

    public static void ValidateKey(string key, string path, List<FieldError> errors)
    {
        foreach (var message in NameRules.ConfigMapKey(key))
        {
            errors.Add(FieldErrors.Invalid(path, GoFormat.Quote(key), message));
        }
    }
}
