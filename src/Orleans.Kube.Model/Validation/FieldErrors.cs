namespace Orleans.Kube.Model.Validation;

/// <summary>
/// Builders mirroring apimachinery's field.Required/Invalid/NotSupported/...: each renders the error
/// body exactly as field.Error.ErrorBody does. Bad values arrive already rendered by <see cref="GoFormat"/>.
/// </summary>
internal static class FieldErrors
{
    public static FieldError Required(string field, string detail = "") =>
        new(FieldErrorType.Required, field, WithDetail("Required value", detail));

    public static FieldError Invalid(string field, string renderedValue, string detail) =>
        new(FieldErrorType.Invalid, field, WithDetail($"Invalid value: {renderedValue}", detail));

    public static FieldError NotSupported(string field, string renderedValue, params string[] supported) =>
        new(FieldErrorType.NotSupported, field, WithDetail(
            $"Unsupported value: {renderedValue}",
            supported.Length == 0 ? "" : "supported values: " + string.Join(", ", supported.Select(GoFormat.Quote))));

    public static FieldError Duplicate(string field, string renderedValue, string detail = "") =>
        new(FieldErrorType.Duplicate, field, WithDetail($"Duplicate value: {renderedValue}", detail));

    public static FieldError NotFound(string field, string renderedValue) =>
        new(FieldErrorType.NotFound, field, $"Not found: {renderedValue}");

    public static FieldError Forbidden(string field, string detail) =>
        new(FieldErrorType.Forbidden, field, WithDetail("Forbidden", detail));

    public static FieldError TooLong(string field, int maxBytes) =>
        new(FieldErrorType.TooLong, field, $"Too long: may not be more than {maxBytes} bytes");

    private static string WithDetail(string body, string detail) => detail.Length == 0 ? body : $"{body}: {detail}";
}
