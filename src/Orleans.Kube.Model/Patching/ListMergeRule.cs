namespace Orleans.Kube.Model.Patching;

/// <summary>How strategic merge patch combines a list in the patch with the list in the live object.</summary>
internal enum ListMergeStrategy
{
    /// <summary>The patch's list replaces the live list (the default for lists without patch metadata).</summary>
    Replace,

    /// <summary>Objects are matched by <see cref="ListMergeRule.MergeKey"/> and merged; unmatched ones are added.</summary>
    MergeByKey,

    /// <summary>A set-like union of primitive values (e.g. metadata.finalizers).</summary>
    MergePrimitives,
}

/// <summary>The Go struct tags <c>patchStrategy</c>/<c>patchMergeKey</c> of one list field.</summary>
internal readonly record struct ListMergeRule(ListMergeStrategy Strategy, string? MergeKey)
{
    public static ListMergeRule Replace { get; } = new(ListMergeStrategy.Replace, null);

    public static ListMergeRule MergePrimitives { get; } = new(ListMergeStrategy.MergePrimitives, null);

    public static ListMergeRule ByKey(string mergeKey) => new(ListMergeStrategy.MergeByKey, mergeKey);
}
