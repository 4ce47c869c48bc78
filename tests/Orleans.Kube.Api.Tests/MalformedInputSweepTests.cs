using Orleans.Kube.Testing;
using Orleans.Kube.Api.Tests.Sweep;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// Hundreds of generated bad requests against a real silo: each must get kube's 4xx code with a
/// Failure Status, none may change the store, and the silo must stay ready.
/// </summary>
[Trait("Category", "E2E")]
public sealed class MalformedInputSweepTests(ApiClusterFixture cluster)
{
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task EveryMalformedRequestGetsAFailureStatusAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var url = cluster.Silo.HttpUrl;
        var target = await SweepTarget.SeedAsync(Http, url, cluster.Database, ct);
        // Deletes and deletecollections come last: one wrongly accepted would remove a seeded object.
        List<SweepCase> cases =
        [
            .. BodyCases.All(target), .. PathCases.All(target), .. ClusterScopedCases.All(target), .. WriteOptionCases.All(target),
            .. PatchCases.All(target), .. ReplaceCases.All(target), .. SizeCases.All(target), .. DeleteCases.All(target), .. QueryCases.All(target),
        ];

        var failures = new List<string>();
        foreach (var sweepCase in cases)
            if (await ProblemAsync(sweepCase, url, ct) is { } problem)
                failures.Add($"{sweepCase}: {problem}");

        using var ready = await Http.GetAsync(url + "/readyz", ct);
        var changes = await target.ChangesAsync();
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{cases.Count} cases: " + string.Join(", ", cases.GroupBy(c => c.Expected).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}")));
        Assert.True(cases.Count >= 200, $"only {cases.Count} cases");
        Assert.True(failures.Count == 0 && changes.Count == 0 && ready.IsSuccessStatusCode && !cluster.Silo.HasExited,
            $"{failures.Count} of {cases.Count} cases failed:\n{string.Join("\n", failures)}\n" +
            $"{changes.Count} changes in the store:\n{string.Join("\n", changes)}\n" +
            $"readyz: {(int)ready.StatusCode}, silo exited: {cluster.Silo.HasExited}");
    }

    private static async Task<string?> ProblemAsync(SweepCase sweepCase, string url, CancellationToken ct)
    {
        try
        {
            using var request = sweepCase.ToRequest(url);
            // Headers first: a watch wrongly accepted would stream forever.
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
                return $"accepted with {code}, expected {sweepCase.Expected}";
            return FailureStatus.Problem(sweepCase.Expected, code, await response.Content.ReadAsStringAsync(ct));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return $"no answer: {ex.GetType().Name}: {ex.Message}";
        }
    }
}
