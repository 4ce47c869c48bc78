namespace Orleans.Kube.Model.Selectors;

/// <summary>
/// The fields each kind can be selected by (kube's per-kind field label conversions, declared as
/// <see cref="ResourceKind.FieldLabels"/>). Any other
/// field in a field selector is a 400 "field label not supported", not a selector matching nothing.
/// </summary>
public static class FieldLabels
{
    private static readonly string[] Common = ["metadata.name", "metadata.namespace"];

    /// <summary>Throws <see cref="SelectorException"/> for the first field <paramref name="kind"/> cannot be selected by.</summary>
    public static void Check(string kind, FieldSelector selector)
    {
        foreach (var (field, _, _) in selector.Requirements)
            if (!Common.Contains(field) && ResourceKinds.ByKind(kind)?.FieldLabels.Contains(field) != true)
                throw new SelectorException($"field label not supported: {field}");
    }
}
