namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>
/// Create, update and patch options that fail ValidateCreateOptions / ValidateUpdateOptions /
/// ValidatePatchOptions (422): unknown dryRun and fieldValidation values, oversized or unprintable
/// field managers, force on a non-apply patch, apply without a field manager. Each request would
/// otherwise succeed and change something.
/// </summary>
public static class WriteOptionCases
{
    private static readonly string[] BadOptions =
    [
        "dryRun=Bogus", "dryRun=all", "dryRun=All&dryRun=Bogus", "fieldValidation=Bogus", "fieldValidation=strict",
        "fieldManager=" + new string('m', 129), "fieldManager=bad%01manager",
    ];

    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        var ns = target.Namespace;
        foreach (var kind in SweepKind.All)
        {
            var fresh = kind.Manifest(ns, kind.Fresh).ToJsonString();
            var changed = kind.Manifest(ns, kind.Seeded);
            changed["metadata"]!["labels"]!["changed"] = "yes";
            var seeded = kind.Item(ns, kind.Seeded);
            const string merge = """{"metadata":{"labels":{"changed":"yes"}}}""";
            foreach (var option in BadOptions)
            {
                yield return SweepCase.WithText($"create {kind.Kind} with {Short(option)}", HttpMethod.Post, $"{kind.Collection(ns)}?{option}", 422, fresh);
                yield return SweepCase.WithText($"replace {kind.Kind} with {Short(option)}", HttpMethod.Put, $"{seeded}?{option}", 422, changed.ToJsonString());
                yield return SweepCase.WithText($"patch {kind.Kind} with {Short(option)}", HttpMethod.Patch, $"{seeded}?{option}", 422, merge, "application/merge-patch+json");
            }
            yield return SweepCase.WithText($"merge patch {kind.Kind} with force", HttpMethod.Patch, $"{seeded}?force=true", 422, merge, "application/merge-patch+json");
            yield return SweepCase.WithText($"apply {kind.Kind} without a fieldManager", HttpMethod.Patch, seeded, 422,
                changed.ToJsonString(), "application/apply-patch+yaml");
            yield return SweepCase.WithText($"apply a new {kind.Kind} without a fieldManager", HttpMethod.Patch, kind.Item(ns, kind.Fresh), 422,
                fresh, "application/apply-patch+yaml");
            yield return SweepCase.WithText($"merge patch {kind.Kind} with force=false", HttpMethod.Patch, $"{seeded}?force=false", 422, merge, "application/merge-patch+json");
        }
    }

    private static string Short(string option) => option.Length <= 40 ? option : option[..30] + "...";
}
