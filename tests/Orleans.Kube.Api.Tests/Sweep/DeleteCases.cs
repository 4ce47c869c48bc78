namespace Orleans.Kube.Api.Tests.Sweep;

/// <summary>
/// DELETE with DeleteOptions that do not decode (400), fail ValidateDeleteOptions (422) or whose
/// preconditions do not hold (409); and an eviction body that does not decode.
/// </summary>
public static class DeleteCases
{
    private static readonly (string What, int Expected, string Query, string? Body)[] BadDeletes =
    [
        ("undecodable body", 400, "", """{"propagationPolicy":"""),
        ("body that is a list", 400, "", "[]"),
        ("gracePeriodSeconds as a string", 400, "", """{"gracePeriodSeconds":"soon"}"""),
        ("propagationPolicy Bogus in the body", 422, "", """{"propagationPolicy":"Bogus"}"""),
        ("dryRun Bogus in the body", 422, "", """{"dryRun":["Bogus"]}"""),
        ("orphanDependents with a propagationPolicy", 422, "", """{"orphanDependents":true,"propagationPolicy":"Background"}"""),
        ("uid precondition that fails", 409, "", """{"preconditions":{"uid":"00000000-0000-0000-0000-000000000000"}}"""),
        ("resourceVersion precondition that fails", 409, "", """{"preconditions":{"resourceVersion":"1"}}"""),
        ("propagationPolicy Bogus in the query", 422, "?propagationPolicy=Bogus", null),
        ("gracePeriodSeconds=abc", 400, "?gracePeriodSeconds=abc", null),
        ("dryRun Bogus in the query", 422, "?dryRun=Bogus", null),
        ("orphanDependents with a propagationPolicy in the query", 422, "?orphanDependents=true&propagationPolicy=Orphan", null),
        ("dryRun that is a string", 400, "", """{"dryRun":"All"}"""),
    ];

    public static IEnumerable<SweepCase> All(SweepTarget target)
    {
        foreach (var kind in SweepKind.All)
            foreach (var (what, expected, query, body) in BadDeletes)
            {
                var path = kind.Item(target.Namespace, kind.Seeded) + query;
                yield return body is null
                    ? new SweepCase($"delete {kind.Kind}: {what}", HttpMethod.Delete, path, expected)
                    : SweepCase.WithText($"delete {kind.Kind}: {what}", HttpMethod.Delete, path, expected, body);
            }

        var pod = SweepKind.Pod.Item(target.Namespace, SweepKind.Pod.Seeded);
        yield return SweepCase.WithText("evict with an undecodable body", HttpMethod.Post, $"{pod}/eviction", 400, """{"apiVersion":""");
        yield return SweepCase.WithText("evict with a negative grace period of the wrong type", HttpMethod.Post, $"{pod}/eviction", 400,
            """{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"seeded-pod"},"deleteOptions":{"gracePeriodSeconds":"x"}}""");
    }
}
