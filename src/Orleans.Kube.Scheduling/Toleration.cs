namespace Orleans.Kube.Scheduling;

/// <summary>A pod toleration; <see cref="Operator"/> is Equal or Exists. Null key/effect match any.</summary>
public sealed record Toleration(string? Key, string Operator, string? Value, string? Effect)
{
    public const string Equal = "Equal";
    public const string Exists = "Exists";

    /// <summary>kube's ToleratesTaint: effect and key must match when set; Equal compares values, Exists ignores them.</summary>
    internal bool Tolerates(string key, string? value, string effect)
    {
        if (!string.IsNullOrEmpty(Effect) && Effect != effect) return false;
        if (!string.IsNullOrEmpty(Key) && Key != key) return false;
        return Operator switch
        {
            "" or Equal => (Value ?? "") == (value ?? ""),
            Exists => true,
            _ => false,
        };
    }

    internal static bool AnyTolerates(IReadOnlyList<Toleration> tolerations, string key, string? value, string effect)
    {
        for (var i = 0; i < tolerations.Count; i++)
            if (tolerations[i].Tolerates(key, value, effect)) return true;
        return false;
    }
}
