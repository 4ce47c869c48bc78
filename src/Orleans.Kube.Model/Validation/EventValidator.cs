using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Validation;

/// <summary>
/// The legacy rules kube applies to core/v1 Events (no ObjectMeta validation at all for this API version):
/// involvedObject.namespace must agree with the event's, and series-style events (eventTime set) need
/// their reporting fields.
/// </summary>
internal static class EventValidator
{
    public static void Validate(JsonObject obj, List<FieldError> errors)
    {
        var meta = JsonFields.Obj(obj, "metadata");
        if (string.IsNullOrEmpty(JsonFields.Scalar(meta, "name")))
        {
            // Not an ObjectMeta check in kube, but storage cannot key an unnamed event either.
            errors.Add(FieldErrors.Required("metadata.name", "name or generateName is required"));
        }

        var ns = JsonFields.Scalar(meta, "namespace") ?? "";
        var involvedNamespace = JsonFields.Scalar(JsonFields.Obj(obj, "involvedObject"), "namespace") ?? "";
        var mismatch = () => errors.Add(FieldErrors.Invalid("involvedObject.namespace", GoFormat.Quote(involvedNamespace), "does not match event.namespace"));
        if (string.IsNullOrEmpty(JsonFields.Scalar(obj, "eventTime")))
        {
            if (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
            {
                mismatch();
            }
        }
        else
        {
            if (involvedNamespace.Length == 0 && ns is not ("default" or "kube-system"))
            {
                mismatch();
            }

            var controller = JsonFields.Scalar(obj, "reportingComponent") ?? "";
            if (controller.Length == 0)
            {
                errors.Add(FieldErrors.Required("reportingComponent"));
            }

            MetadataValidator.ValidateLabelName(controller, "reportingComponent", errors);
            RequireBounded(obj, "reportingInstance", 128, errors);
            RequireBounded(obj, "action", 128, errors);
            RequireBounded(obj, "reason", 128, errors);
            if (NameRules.ByteLength(JsonFields.Scalar(obj, "message") ?? "") > 1024)
            {
                errors.Add(FieldErrors.Invalid("message", "\"\"", "can have at most 1024 characters"));
            }
        }

        foreach (var message in NameRules.Dns1123Subdomain(ns))
        {
            errors.Add(FieldErrors.Invalid("namespace", GoFormat.Quote(ns), message));
        }
    }

    private static void RequireBounded(JsonObject obj, string field, int limit, List<FieldError> errors)
    {
        var value = JsonFields.Scalar(obj, field) ?? "";
        if (value.Length == 0)
        {
            errors.Add(FieldErrors.Required(field));
        }

        if (NameRules.ByteLength(value) > limit)
        {
            errors.Add(FieldErrors.Invalid(field, "\"\"", $"can have at most {limit} characters"));
        }
    }
}
