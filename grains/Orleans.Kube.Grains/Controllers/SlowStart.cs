namespace Orleans.Kube.Grains.Controllers;

/// <summary>
/// kube's slowStartBatch: creates many children in batches of 1, 2, 4, 8, ... and stops after the first batch
/// with a failure, so a template that cannot work (a quota, an invalid spec) costs one call, not hundreds.
/// </summary>
public static class SlowStart
{
    /// <summary>The batch sizes that cover <paramref name="count"/> calls when none fails.</summary>
    public static IEnumerable<int> Batches(int count, int initialBatch = 1)
    {
        var done = 0;
        for (var batch = Math.Min(count, initialBatch); batch > 0; batch = Math.Min(2 * batch, count - done))
        {
            yield return batch;
            done += batch;
        }
    }

    /// <summary>Runs <paramref name="action"/> up to <paramref name="count"/> times in slow-start batches; returns how many succeeded.</summary>
    public static async Task<int> RunAsync(int count, Func<Task<bool>> action, int initialBatch = 1)
    {
        var succeeded = 0;
        foreach (var batch in Batches(count, initialBatch))
        {
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => action()));
            succeeded += results.Count(ok => ok);
            if (results.Any(ok => !ok))
                break;
        }
        return succeeded;
    }
}
