namespace Orleans.Kube.Model.Validation;

/// <summary>The metav1.CauseType strings kube puts in status.details.causes[].reason.</summary>
public static class FieldErrorType
{
    public const string Required = "FieldValueRequired";
    public const string Invalid = "FieldValueInvalid";
    public const string NotSupported = "FieldValueNotSupported";
    public const string Duplicate = "FieldValueDuplicate";
    public const string TooLong = "FieldValueTooLong";
    public const string Forbidden = "FieldValueForbidden";
    public const string NotFound = "FieldValueNotFound";
}
