using System.Diagnostics;

namespace Orleans.Kube.Bench;

/// <summary>Latency of one kind of request sent <c>count</c> times by a few concurrent clients.</summary>
internal static class ConcurrentLatency
{
    /// <summary>One kind of request: its label, how many to send, and the i-th request (method, path, body).</summary>
    public sealed record Verb(string Name, int Count, Func<int, (HttpMethod Method, string Path, string? Body)> Request);

    public sealed record Result(string Name, int Clients, IReadOnlyList<double> Ms, TimeSpan Elapsed)
    {
        public string Row() =>
            $"| {Name} | {Clients} | {Ms.Count} | {Stats.Percentile(Ms, 50):0.00} | {Stats.Percentile(Ms, 99):0.00} | {Ms.Max():0.00} | {Ms.Count / Elapsed.TotalSeconds:0} |";
    }

    public const string Header = "| request | clients | n | p50 ms | p99 ms | max ms | req/s |\n|---|---|---|---|---|---|---|";

    public static async Task<Result> RunAsync(HttpClient http, Verb verb, int clients)
    {
        var ms = new double[verb.Count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < verb.Count; i = Interlocked.Increment(ref next))
            {
                var (method, path, body) = verb.Request(i);
                ms[i] = await ApiLatency.SendAsync(http, method, path, body);
            }
        }));
        return new Result(verb.Name, clients, ms, clock.Elapsed);
    }
}
