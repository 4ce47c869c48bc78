using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// The scheduler's ceiling in kube's scheduler_perf shape: P pods are created while no node exists
/// (so creation is not timed), then N Node objects are created through the API with no agent
/// behind them (as kwok's or scheduler_perf's nodes), and the <c>SchedulerGrain</c> places and binds
/// every pending pod. The rate is pods over the time from the first pod seen bound to the last,
/// which covers the batch's scheduling and every binding write; the in-process algorithm alone
/// (<see cref="SchedulerAlgorithm"/>) is printed next to it.
/// </summary>
internal static class SchedulerCeiling
{
    public static async Task RunAsync(int[] nodeCounts, int pods, int clients, bool fsync)
    {
        Console.WriteLine(SchedulerAlgorithm.Header);
        foreach (var nodes in nodeCounts)
            SchedulerAlgorithm.Run(nodes, pods);
        Console.WriteLine();
        Console.WriteLine($"PostgreSQL fsync {(fsync ? "on" : "off")}");
        Console.WriteLine("| what | nodes | pods | nodes created s | first bound s | all bound s | bound pods/s (first to last) | silo CPU ms/pod | load average before / after |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var roundTrips = new List<string>();
        foreach (var nodes in nodeCounts)
            roundTrips.Add(await RunOnceAsync(nodes, pods, clients, fsync));
        foreach (var table in roundTrips)
            Console.WriteLine(table);
    }

    /// <summary>Prints the run's row; returns its table of store round trips (which include creating the nodes).</summary>
    private static async Task<string> RunOnceAsync(int nodes, int pods, int clients, bool fsync)
    {
        // No heartbeats will come: a grace period longer than the run keeps the nodes Ready.
        await using var cluster = await ScaleCluster.StartAsync(0, 3600, "api", fsync);
        using var http = new HttpClient(ClusterCredentials.CreateHandler()) { BaseAddress = new Uri(cluster.Server), Timeout = TimeSpan.FromMinutes(5) };
        using var watchHttp = new HttpClient(ClusterCredentials.CreateHandler()) { BaseAddress = new Uri(cluster.Server), Timeout = Timeout.InfiniteTimeSpan };
        const string ns = "sched";
        await ApiLatency.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        var created = await ConcurrentLatency.RunAsync(http,
            new ConcurrentLatency.Verb("CREATE pod", pods, i => (HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", SchedulingThroughput.Pod($"p-{i:D5}"))), clients);
        if (created.Errors > 0)
            throw new InvalidOperationException($"{created.Errors} of {pods} pod creates failed");
        // Let the scheduler find no node for every pod first, so what follows is placement only.
        await Poll.UntilAsync(async () => JsonNode.Parse(await http.GetStringAsync($"/api/v1/namespaces/{ns}/pods"))!["items"]!.AsArray()
                .Count(p => p!["status"]?["conditions"]?.AsArray().Any(c => c!["type"]?.GetValue<string>() == "PodScheduled") == true),
            marked => marked == pods, TimeSpan.FromMinutes(10), "every pod marked unschedulable", TimeSpan.FromSeconds(1));

        var load = ProcessStats.LoadAverage();
        var clock = new Stopwatch();
        var watch = new PodWatch(watchHttp, ns, pods, clock);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        var watching = watch.RunAsync(cts.Token);
        var cpuBefore = ProcessStats.CpuSeconds(cluster.SiloPid);
        var tripsBefore = await StoreRoundTrips.ScrapeAsync(http);
        clock.Start();
        var registered = await ConcurrentLatency.RunAsync(http,
            new ConcurrentLatency.Verb("CREATE node", nodes, i => (HttpMethod.Post, "/api/v1/nodes", Node($"sched-{i:D5}"))), clients);
        var nodesCreated = clock.Elapsed;
        if (registered.Errors > 0)
            throw new InvalidOperationException($"{registered.Errors} of {nodes} node creates failed");
        var done = await Task.WhenAny(watch.AllBound, watching);
        if (done != watch.AllBound)
            await watching;
        var allBound = await watch.AllBound;
        var cpuPerPod = (ProcessStats.CpuSeconds(cluster.SiloPid) - cpuBefore) * 1000 / pods;
        var trips = await StoreRoundTrips.ScrapeAsync(http);
        await cts.CancelAsync();
        await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var first = watch.FirstBound!.Value;
        Console.WriteLine($"| SchedulerGrain, binding through the store | {nodes} | {pods} | {nodesCreated.TotalSeconds:0.0} | {first.TotalSeconds:0.0} | " +
                          $"{allBound.TotalSeconds:0.0} | {pods / (allBound - first).TotalSeconds:0} | {cpuPerPod:0.0} | {load} / {ProcessStats.LoadAverage()} |");
        return $"\nStore round trips, {nodes} nodes, from the first node create to the last bind:\n\n{trips.PerPod(tripsBefore, pods)}";
    }

    // A kwok-style node: Ready, with what ScaleCluster's simulated nodes report, and no agent behind it.
    private static string Node(string name) => $$$"""
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{name}}}","labels":{"kubernetes.io/hostname":"{{{name}}}","kubernetes.io/os":"linux"}},
         "status":{"capacity":{"cpu":"4","memory":"32Gi","pods":"110"},"allocatable":{"cpu":"4","memory":"32Gi","pods":"110"},
           "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}]}}
        """;
}
