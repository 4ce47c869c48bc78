using System.Diagnostics;

namespace Orleans.Kube.Bench;

/// <summary>
/// Runs a scenario on every contender in turn (ours, swarm, raw, ours, swarm, raw, ...), so load
/// from other users of the machine falls on all of them alike, and prints a markdown table.
/// </summary>
internal static class ScenarioRunner
{
    public static async Task RunAsync(Scenario scenario, int replicas, int repetitions, IReadOnlyList<Contender> contenders)
    {
        var entrants = contenders.Where(c => c.Restarts || !scenario.NeedsRestarts).ToList();
        var times = entrants.ToDictionary(c => c, _ => new List<double>());
        var failures = entrants.ToDictionary(c => c, _ => 0);
        var loadBefore = ProcessStats.LoadAverage();
        for (var rep = 1; rep <= repetitions; rep++)
            foreach (var contender in entrants)
            {
                try
                {
                    await scenario.PrepareAsync(contender, replicas);
                    var clock = Stopwatch.StartNew();
                    await scenario.MeasureAsync(contender, replicas);
                    var seconds = clock.Elapsed.TotalSeconds;
                    times[contender].Add(seconds);
                    Console.Error.WriteLine($"okube-bench: {scenario.Name} {replicas} #{rep} {contender.Name}: {seconds:0.00} s");
                }
                // A failed measurement is counted and shown; the run goes on with the next one.
                catch (Exception ex)
                {
                    failures[contender]++;
                    Console.Error.WriteLine($"okube-bench: {scenario.Name} {replicas} #{rep} {contender.Name} FAILED: {ex.Message}");
                }
                finally
                {
                    await contender.TearDownAsync();
                }
            }
        Print(scenario.Title(replicas), replicas, repetitions, entrants, times, failures, $"{loadBefore} before, {ProcessStats.LoadAverage()} after");
    }

    private static void Print(string title, int replicas, int repetitions, List<Contender> entrants, Dictionary<Contender, List<double>> times,
        Dictionary<Contender, int> failures, string load)
    {
        var ours = entrants.OfType<OursContender>().Select(c => times[c]).FirstOrDefault(t => t.Count > 0);
        Console.WriteLine();
        Console.WriteLine($"### {title} ({repetitions} repetitions, workload {(Workload.Command == Workload.Quiet ? "quiet" : "busy")}, load average {load})");
        Console.WriteLine();
        // s per container: for the raw Engine, the Engine's own time per container at this concurrency.
        Console.WriteLine($"| system | median s | min-max s | s per container | ratio ours/system | failed runs |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var contender in entrants)
        {
            var t = times[contender];
            var cells = t.Count == 0
                ? "- | - | - | -"
                : $"{Stats.Median(t):0.00} | {t.Min():0.00}-{t.Max():0.00} | {Stats.Median(t) / replicas:0.000} | {(ours is null ? "-" : (Stats.Median(ours) / Stats.Median(t)).ToString("0.00"))}";
            Console.WriteLine($"| {contender.Name} | {cells} | {failures[contender]} |");
        }
        Console.Out.Flush();
    }
}
