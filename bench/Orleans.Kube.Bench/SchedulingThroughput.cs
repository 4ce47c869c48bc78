using System.Diagnostics;

namespace Orleans.Kube.Bench;

/// <summary>
/// Creates N pods through the API from a few concurrent clients and times, from the first create,
/// when all are created, all bound to nodes, and all Running (seen through a watch).
/// </summary>
internal static class SchedulingThroughput
{
    public sealed record Result(int Pods, TimeSpan Created, TimeSpan Bound, TimeSpan Running, ConcurrentLatency.Result Creates);

    public static async Task<Result> RunAsync(HttpClient http, HttpClient watchHttp, string ns, int pods, int clients, TimeSpan timeout)
    {
        await ApiLatency.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        var clock = new Stopwatch();
        var watch = new PodWatch(watchHttp, ns, pods, clock);
        using var cts = new CancellationTokenSource(timeout);
        var watching = watch.RunAsync(cts.Token);

        clock.Start();
        var creates = await ConcurrentLatency.RunAsync(http,
            new ConcurrentLatency.Verb("CREATE pod", pods, i => (HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod($"p-{i:D5}"))), clients);
        var created = clock.Elapsed;
        if (creates.Errors > 0)
            throw new InvalidOperationException($"{creates.Errors} of {pods} pod creates failed");

        var done = await Task.WhenAny(watch.AllRunning, watching, Task.Delay(Timeout.Infinite, cts.Token));
        // The watch ends once it saw the last pod Running, possibly before AllRunning's continuation ran.
        if (done == watching && !watch.AllRunning.IsCompleted)
            await watching; // the watch failed: show why
        if (!watch.AllRunning.IsCompleted)
            throw new TimeoutException($"after {clock.Elapsed.TotalSeconds:0} s only {watch.Bound} pods were bound and {watch.Running} Running of {pods}");
        await cts.CancelAsync();
        await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return new Result(pods, created, await watch.AllBound, await watch.AllRunning, creates);
    }

    // Requests like scheduler_perf's default pod, so resource fit and least-allocated scoring do real work.
    internal static string Pod(string name) => $$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{"app":"scale"}},
         "spec":{"containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"],
           "resources":{"requests":{"cpu":"100m","memory":"128Mi"} } }]} }
        """;
}
