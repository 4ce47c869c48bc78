namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>
/// Bad list, watch and deletecollection parameters: selectors that do not parse (400), query
/// values that do not decode into ListOptions (400) and ListOptions that fail validation (422).
/// </summary>
public static class QueryCases
{
    private static readonly string[] BadLabelSelectors =
    [
        "app in (", "app=a=b", "=x", "!", "-bad=1", "app=" + new string('v', 64), "app notin b", "app b",
        "app>x", "app==a==b", "app,,b", "app in (a b)", "a/b/c=1", "app=a b",
    ];

    private static readonly (string Selector, string Plural)[] BadFieldSelectors =
    [
        ("spec.foo=bar", "configmaps"), ("status.phase=Running", "configmaps"), ("spec.bogus=1", "pods"), ("metadata", "pods"),
        ("metadata.name", "configmaps"), ("metadata.name in (a)", "configmaps"), ("metadata.name>1", "configmaps"),
        ("metadata.labels=x", "services"), ("spec.replicas=1", "deployments"),
    ];

    private static readonly (string Query, int Expected)[] BadListParameters =
    [
        ("limit=abc", 400), ("limit=1.5", 400), ("limit=99999999999999999999", 400),
        ("timeoutSeconds=abc", 400), ("resourceVersion=abc", 400), ("resourceVersion=-5", 400), ("watch=true&resourceVersion=abc", 400),
        ("watch=true&timeoutSeconds=soon", 400), ("watch=1&limit=-", 400),
        ("resourceVersion=1&resourceVersionMatch=Bogus", 422), ("resourceVersionMatch=Exact", 422), ("resourceVersion=0&resourceVersionMatch=Exact", 422),
        ("sendInitialEvents=true", 422), ("watch=true&resourceVersionMatch=NotOlderThan", 422), ("sendInitialEvents=perhaps", 422), ("watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan", 422),
    ];

    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        var ns = target.Namespace;
        var configMaps = SweepKind.ConfigMap.Collection(ns);
        foreach (var selector in BadLabelSelectors)
        {
            yield return new SweepCase($"list with labelSelector {selector}", HttpMethod.Get, $"{configMaps}?labelSelector={Uri.EscapeDataString(selector)}", 400);
            yield return new SweepCase($"deletecollection with labelSelector {selector}", HttpMethod.Delete, $"{configMaps}?labelSelector={Uri.EscapeDataString(selector)}", 400);
        }
        yield return new SweepCase("watch with a bad labelSelector", HttpMethod.Get, $"{configMaps}?watch=true&labelSelector={Uri.EscapeDataString("app in (")}", 400);

        foreach (var (selector, plural) in BadFieldSelectors)
        {
            var collection = SweepKind.All.Single(k => k.Plural == plural).Collection(ns);
            yield return new SweepCase($"list {plural} with fieldSelector {selector}", HttpMethod.Get, $"{collection}?fieldSelector={Uri.EscapeDataString(selector)}", 400);
            yield return new SweepCase($"deletecollection {plural} with fieldSelector {selector}", HttpMethod.Delete, $"{collection}?fieldSelector={Uri.EscapeDataString(selector)}", 400);
        }
        yield return new SweepCase("list all namespaces' pods with a bad fieldSelector", HttpMethod.Get, $"/api/v1/pods?fieldSelector={Uri.EscapeDataString("spec.bogus=1")}", 400);

        foreach (var (query, expected) in BadListParameters)
        {
            yield return new SweepCase($"list with {query}", HttpMethod.Get, $"{configMaps}?{query}", expected);
            if (!query.StartsWith("watch", StringComparison.Ordinal))
                yield return new SweepCase($"deletecollection with {query}", HttpMethod.Delete, $"{configMaps}?{query}", expected);
        }
        yield return new SweepCase("deletecollection with propagationPolicy Bogus", HttpMethod.Delete, $"{configMaps}?propagationPolicy=Bogus", 422);
        yield return new SweepCase("deletecollection with dryRun Bogus", HttpMethod.Delete, $"{configMaps}?dryRun=Bogus", 422);
    }
}
