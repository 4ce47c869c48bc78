using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// ValidateSecret: config-key names, base64 data, 1 MiB in total, and the keys each well-known type needs.
/// stringData is merged into data before kube validates, so its problems are reported under data[...] too.
/// </summary>
internal static class SecretValidator
{
    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var decoded = new Dictionary<string, string?>(StringComparer.Ordinal);
        long size = 0;
        foreach (var (key, value) in JsonFields.Obj(obj, "data") ?? [])
        {
            ConfigMapValidator.ValidateKey(key, "data".Key(key), errors);
            var text = JsonFields.ScalarText(value);
            if (Base64Text.Check(text, out var length) is { } problem)
            {
                // kube rejects this while decoding the body; reported here on the entry instead.
                errors.Add(FieldErrors.Invalid("data".Key(key), GoFormat.Quote("<secret contents redacted>"), problem));
                decoded[key] = null;
                continue;
            }

            decoded[key] = Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace("\r", "").Replace("\n", "")));
            size += length;
        }

        foreach (var (key, value) in JsonFields.Obj(obj, "stringData") ?? [])
        {
            if (!decoded.ContainsKey(key))
            {
                ConfigMapValidator.ValidateKey(key, "data".Key(key), errors);
            }

            var text = JsonFields.ScalarText(value);
            size += NameRules.ByteLength(text) - (decoded.TryGetValue(key, out var old) && old is not null ? NameRules.ByteLength(old) : 0);
            decoded[key] = text;
        }

        if (size > ConfigMapValidator.MaxSize)
        {
            errors.Add(FieldErrors.TooLong("data", ConfigMapValidator.MaxSize));
        }

        ValidateType(obj, decoded, errors);
    }

    private static void ValidateType(JsonObject obj, Dictionary<string, string?> data, List<FieldError> errors)
    {
        switch (JsonFields.Scalar(obj, "type") ?? "")
        {
            case "kubernetes.io/service-account-token":
                var annotations = JsonFields.Obj(JsonFields.Obj(obj, "metadata"), "annotations");
                if (string.IsNullOrEmpty(JsonFields.Scalar(annotations, "kubernetes.io/service-account.name")))
                {
                    errors.Add(FieldErrors.Required("metadata.annotations[kubernetes.io/service-account.name]"));
                }

                break;
            case "kubernetes.io/dockercfg":
                RequireJson(data, ".dockercfg", errors);
                break;
            case "kubernetes.io/dockerconfigjson":
                RequireJson(data, ".dockerconfigjson", errors);
                break;
            case "kubernetes.io/basic-auth":
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    errors.Add(FieldErrors.Required("data[username]"));
                    errors.Add(FieldErrors.Required("data[password]"));
                }

                break;
            case "kubernetes.io/ssh-auth":
                if (string.IsNullOrEmpty(data.GetValueOrDefault("ssh-privatekey")))
                {
                    errors.Add(FieldErrors.Required("data[ssh-privatekey]"));
                }

                break;
            case "kubernetes.io/tls":
                foreach (var key in (string[])["tls.crt", "tls.key"])
                {
                    if (!data.ContainsKey(key))
                    {
                        errors.Add(FieldErrors.Required("data".Key(key)));
                    }
                }

                break;
        }
    }

    private static void RequireJson(Dictionary<string, string?> data, string key, List<FieldError> errors)
    {
        if (!data.TryGetValue(key, out var content))
        {
            errors.Add(FieldErrors.Required("data".Key(key)));
            return;
        }

        if (content is null)
        {
            // Undecodable base64 was already reported for this key.
            return;
        }

        try
        {
            if (JsonNode.Parse(content) is not JsonObject)
            {
                throw new JsonException("json: cannot unmarshal into Go value of type map[string]interface {}");
            }
        }
        catch (JsonException ex)
        {
            var detail = string.IsNullOrWhiteSpace(content) ? "unexpected end of JSON input" : ex.Message;
            errors.Add(FieldErrors.Invalid("data".Key(key), GoFormat.Quote("<secret contents redacted>"), detail));
        }
    }
}
