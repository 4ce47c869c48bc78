using System.Text.RegularExpressions;

namespace Orleans.Kube.Model.Admission;

/// <summary>A Pod Security level and version as kube prints it: "restricted:latest", "baseline:v1.30".</summary>
public sealed record PodSecurityLevel(string Level, string Version)
{
    public override string ToString() => $"{Level}:{Version}";
}

/// <summary>
/// The namespace labels pod-security.kubernetes.io/{enforce,audit,warn}[-version]. An unset mode is
/// privileged; an invalid level enforces restricted (kube's fail-closed default); an invalid version reads as latest.
/// </summary>
public static partial class PodSecurityLabels
{
    public const string Prefix = "pod-security.kubernetes.io/";
    public const string Enforce = "enforce";
    public const string Audit = "audit";
    public const string Warn = "warn";

    public static PodSecurityLevel For(IReadOnlyDictionary<string, string> namespaceLabels, string mode)
    {
        var level = namespaceLabels.TryGetValue(Prefix + mode, out var value) ? value : PodSecurityPolicy.Privileged;
        if (level is not (PodSecurityPolicy.Privileged or PodSecurityPolicy.Baseline or PodSecurityPolicy.Restricted))
            level = PodSecurityPolicy.Restricted;
        var version = namespaceLabels.TryGetValue(Prefix + mode + "-version", out var v) && VersionPattern().IsMatch(v) ? v : "latest";
        return new PodSecurityLevel(level, version);
    }

    [GeneratedRegex(@"^v1\.(0|[1-9][0-9]*)$")]
    private static partial Regex VersionPattern();
}
