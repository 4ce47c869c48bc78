namespace Orleans.Kube.Model.Validation;

/// <summary>Detail texts shared by several kinds, spelled as in kube's validation packages.</summary>
internal static class Messages
{
    public const string NonNegative = "must be greater than or equal to 0";
    public const string SelectorMismatch = "`selector` does not match template `labels`";
}
