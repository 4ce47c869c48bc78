using System.Diagnostics;

namespace Orleans.Kube.Bench;

/// <summary>Latency of one kind of request sent <c>count</c> times by a few concurrent clients.</summary>
internal static class ConcurrentLatency
{
    /// <summary>One kind of request: its label, how many to send, and the i-th request (method, path, body).</summary>
    public sealed record Verb(string Name, int Count, Func<int, (HttpMethod Method, string Path, string? Body)> Request);

    /// <summary>Latencies of the successful requests; <see cref="Errors"/> requests were answered with an error status.</summary>
    public sealed record Result(string Name, int Clients, IReadOnlyList<double> Ms, int Errors, TimeSpan Elapsed)
    {
        public string Row() => Ms.Count == 0
            ? $"| {Name} | {Clients} | 0 | - | - | - | - | {Errors} |"
            : $"| {Name} | {Clients} | {Ms.Count} | {Stats.Percentile(Ms, 50):0.00} | {Stats.Percentile(Ms, 99):0.00} | {Ms.Max():0.00} | " +
              $"{Ms.Count / Elapsed.TotalSeconds:0} | {Errors} |";
    }

    public const string Header = "| request | clients | n | p50 ms | p99 ms | max ms | req/s | errors |\n|---|---|---|---|---|---|---|---|";

    public static async Task<Result> RunAsync(HttpClient http, Verb verb, int clients)
    {
        var ms = new double?[verb.Count];
        var errors = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < verb.Count; i = Interlocked.Increment(ref next))
            {
                var (method, path, body) = verb.Request(i);
                try
                {
                    ms[i] = await ApiLatency.SendAsync(http, method, path, body);
                }
                catch (InvalidOperationException ex)
                {
                    // An error status (e.g. 503 when the server is overwhelmed) is counted, and the first one shown.
                    if (Interlocked.Increment(ref errors) == 1)
                        Console.Error.WriteLine($"{verb.Name}: {ex.Message}");
                }
            }
        }));
        return new Result(verb.Name, clients, [.. ms.OfType<double>()], errors, clock.Elapsed);
    }
}
