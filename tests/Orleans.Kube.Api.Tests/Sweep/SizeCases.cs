namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>Bodies over kube-apiserver's 3 MiB limit (413), for every verb that takes a body.</summary>
public static class SizeCases
{
    private const int FourMiB = 4 * 1024 * 1024;

    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        var ns = target.Namespace;
        foreach (var kind in SweepKind.All)
        {
            var manifest = kind.Manifest(ns, kind.Fresh);
            manifest["metadata"]!["annotations"] = new System.Text.Json.Nodes.JsonObject { ["big"] = new string('x', FourMiB) };
            yield return SweepCase.WithText($"create a 4 MiB {kind.Kind}", HttpMethod.Post, kind.Collection(ns), 413, manifest.ToJsonString());
        }
        var configMap = SweepKind.ConfigMap.Item(ns, SweepKind.ConfigMap.Seeded);
        var huge = """{"metadata":{"annotations":{"big":"HUGE"}}}""".Replace("HUGE", new string('x', FourMiB));
        yield return SweepCase.WithText("replace with a 4 MiB ConfigMap", HttpMethod.Put, configMap, 413, huge);
        yield return SweepCase.WithText("merge patch of 4 MiB", HttpMethod.Patch, configMap, 413, huge, "application/merge-patch+json");
        yield return SweepCase.WithText("apply of 4 MiB", HttpMethod.Patch, $"{configMap}?fieldManager=sweep", 413, huge, "application/apply-patch+yaml");
        yield return SweepCase.WithText("DeleteOptions of 4 MiB", HttpMethod.Delete, configMap, 413, huge);
    }
}
