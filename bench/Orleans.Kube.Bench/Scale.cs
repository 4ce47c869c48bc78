using Orleans.Kube.Testing;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Bench;

/// <summary>
/// The control-plane scale scenarios on a throwaway cluster of simulated nodes: node registration,
/// scheduling throughput (N pods from first create to all bound and all Running), silo memory and
/// CPU idle and with the pods, then API latency under concurrent clients, all from this process.
/// </summary>
internal static class Scale
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(int nodes, int pods, int clients, int n, double heartbeatSeconds, bool fsync)
    {
        await using var cluster = await ScaleCluster.StartAsync(nodes, heartbeatSeconds, "api,worker", fsync);
        using var http = new HttpClient(ClusterCredentials.CreateHandler()) { BaseAddress = new Uri(cluster.Server), Timeout = TimeSpan.FromMinutes(5) };
        using var watchHttp = new HttpClient(ClusterCredentials.CreateHandler()) { BaseAddress = new Uri(cluster.Server), Timeout = Timeout.InfiniteTimeSpan };
        Console.WriteLine($"Scale: {nodes} simulated nodes (heartbeat {heartbeatSeconds} s), {pods} pods, {clients} clients; " +
                          $"one api+worker silo (pid {cluster.SiloPid}); PostgreSQL fsync={(cluster.Fsync ? "on" : "off")}; " +
                          $"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}");

        var registered = await cluster.WaitNodesReadyAsync(http, nodes);
        Console.WriteLine($"{nodes} nodes registered and Ready in {registered.TotalSeconds:0.0} s");
        var idle = await SampleAsync(cluster.SiloPid);

        var cpuBefore = ProcessStats.CpuSeconds(cluster.SiloPid);
        var tripsBefore = await StoreRoundTrips.ScrapeAsync(http);
        var run = await SchedulingThroughput.RunAsync(http, watchHttp, "scale", pods, clients, TimeSpan.FromMinutes(30));
        var trips = await StoreRoundTrips.ScrapeAsync(http);
        // CPU per pod does not depend on what else the machine runs, unlike the wall-clock rates.
        var cpuPerPod = (ProcessStats.CpuSeconds(cluster.SiloPid) - cpuBefore) * 1000 / pods;
        Console.WriteLine($"load average {ProcessStats.LoadAverage()}");
        Console.WriteLine();
        Console.WriteLine("| pods | nodes | clients | all created s | all bound s | bound pods/s | all Running s | Running pods/s | silo CPU ms/pod |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Console.WriteLine($"| {pods} | {nodes} | {clients} | {run.Created.TotalSeconds:0.0} | {run.Bound.TotalSeconds:0.0} | {pods / run.Bound.TotalSeconds:0} | " +
                          $"{run.Running.TotalSeconds:0.0} | {pods / run.Running.TotalSeconds:0} | {cpuPerPod:0.0} |");

        Console.WriteLine();
        Console.WriteLine(trips.PerPod(tripsBefore, pods));

        var loaded = await SampleAsync(cluster.SiloPid);
        Console.WriteLine();
        Console.WriteLine("| silo | VmRSS MiB | CPU % of one core |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| idle, {nodes} nodes, 0 pods | {idle.RssMiB:0} | {idle.CpuPercent:0} |");
        Console.WriteLine($"| idle, {nodes} nodes, {pods} pods Running | {loaded.RssMiB:0} | {loaded.CpuPercent:0} |");

        Console.WriteLine();
        Console.WriteLine(ConcurrentLatency.Header);
        Console.WriteLine(run.Creates.Row() + " (during the scheduling run)");
        await foreach (var result in LatencyAsync(http, nodes, pods, clients, n))
            Console.WriteLine(result.Row());
        Console.WriteLine($"load average at the end {ProcessStats.LoadAverage()}");
    }

    /// <summary>RSS and CPU of the silo once it has settled after the last step.</summary>
    private static async Task<(double RssMiB, double CpuPercent)> SampleAsync(int pid)
    {
        await Task.Delay(Settle);
        var cpu = await ProcessStats.CpuPercentAsync(pid, Window);
        return (ProcessStats.RssMiB(pid), cpu);
    }

    private static async IAsyncEnumerable<ConcurrentLatency.Result> LatencyAsync(HttpClient http, int nodes, int pods, int clients, int n)
    {
        var nodeNames = JsonNode.Parse(await http.GetStringAsync("/api/v1/nodes"))!["items"]!.AsArray()
            .Select(node => node!["metadata"]!["name"]!.GetValue<string>()).ToList();
        await ApiLatency.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"latency"}}""");
        ConcurrentLatency.Verb[] verbs =
        [
            new("GET pod", n, i => (HttpMethod.Get, $"/api/v1/namespaces/scale/pods/p-{i * 7919L % pods:D5}", null)),
            new($"LIST pods of one node (~{pods / nodes})", Math.Max(clients, n / 10),
                i => (HttpMethod.Get, $"/api/v1/namespaces/scale/pods?fieldSelector=spec.nodeName%3D{nodeNames[i % nodeNames.Count]}", null)),
            new("GET pod, resourceVersion=0 (watch cache)", n, i => (HttpMethod.Get, $"/api/v1/namespaces/scale/pods/p-{i * 7919L % pods:D5}?resourceVersion=0", null)),
            new($"LIST all {pods} pods", Math.Max(clients, n / 50), _ => (HttpMethod.Get, "/api/v1/namespaces/scale/pods", null)),
            // Exact is the one list the watch cache leaves to PostgreSQL: the same list the old way, for comparison.
            new($"LIST all {pods} pods, resourceVersionMatch=Exact (PostgreSQL)", Math.Max(clients, n / 50),
                _ => (HttpMethod.Get, "/api/v1/namespaces/scale/pods?resourceVersion=1&resourceVersionMatch=Exact", null)),
            new("CREATE configmap", n, i => (HttpMethod.Post, "/api/v1/namespaces/latency/configmaps",
                $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-{{{i}}}"},"data":{"k":"v"}}""")),
        ];
        foreach (var verb in verbs)
            yield return await ConcurrentLatency.RunAsync(http, verb, clients);
    }
}
