namespace Orleans.Kube.Model.Validation;

/// <summary>
/// One field-level validation failure, shaped like a metav1.StatusCause: <see cref="Type"/> is the
/// cause type (see <see cref="FieldErrorType"/>), <see cref="Field"/> the JSON path kube reports
/// (e.g. <c>spec.template.spec.containers[0].image</c>), and <see cref="Message"/> the error body
/// without the field, e.g. <c>Invalid value: -1: must be greater than or equal to 0</c>.
/// </summary>
public sealed record FieldError(string Type, string Field, string Message)
{
    /// <summary>field.Error.Error(): "field: body", the form kube joins into the Status message.</summary>
    public override string ToString() => $"{Field}: {Message}";
}
