using System.Diagnostics;
using Orleans.Kube.Scheduling;

namespace Orleans.Kube.Bench;

/// <summary>
/// The scheduling algorithm alone, in this process: <see cref="PodScheduler.ScheduleBatch"/> over N
/// identical empty nodes for P pending pods, as <c>SchedulerGrain</c> calls it with everything pending
/// at once. No store, no grains: the ceiling the rest of the scheduler can approach.
/// </summary>
internal static class SchedulerAlgorithm
{
    public static void Run(int nodes, int pods)
    {
        var snapshots = Enumerable.Range(0, nodes).Select(i => new NodeSnapshot($"node-{i:D5}", new Dictionary<string, string>
            {
                ["kubernetes.io/hostname"] = $"node-{i:D5}",
                ["kubernetes.io/os"] = "linux",
            }, [], false, true, new Resources(4000, 32L << 30, 110), Resources.Zero, new Dictionary<string, int>())).ToList();
        // scheduler_perf's default pod: small requests, no affinity, one ReplicaSet-like owner for spreading.
        var requests = Enumerable.Range(0, pods).Select(i => new PodRequest("bench", $"p-{i:D5}", "owner-uid",
            new Resources(100, 128L << 20, 1), new Dictionary<string, string>(), null, [])).ToList();
        var scheduler = new PodScheduler();
        scheduler.ScheduleBatch(requests.Take(100).ToList(), snapshots); // warm-up (JIT)

        var clock = Stopwatch.StartNew();
        var placements = scheduler.ScheduleBatch(requests, snapshots);
        var elapsed = clock.Elapsed;
        var placed = placements.Count(p => p.NodeName is not null);
        Console.WriteLine($"| PodScheduler.ScheduleBatch alone | {nodes} | {pods} | {placed} | {elapsed.TotalSeconds:0.000} | " +
                          $"{pods / elapsed.TotalSeconds:0} | {elapsed.TotalMilliseconds * 1000 / pods / nodes:0.000} | {ProcessStats.LoadAverage()} |");
    }

    public const string Header = "| what | nodes | pods | placed | s | pods/s | µs per pod per node | load average |\n|---|---|---|---|---|---|---|---|";
}
