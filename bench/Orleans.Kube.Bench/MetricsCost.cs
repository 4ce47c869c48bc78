using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// The silo's CPU cost of resource metrics collection (the node agents' usage sampling behind kubectl top and the
/// autoscaler): the same simulated cluster and pods twice, sampling every 5 s (the default) and, as the baseline,
/// once an hour; the difference in idle silo CPU, per 100 pods.
/// </summary>
internal static class MetricsCost
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(int nodes, int pods)
    {
        // Each simulated node has 4 cores and the bench's pods request 100m: 40 pods fit a node.
        if (pods > nodes * 40)
            throw new ArgumentException($"{pods} pods do not fit on {nodes} nodes (40 each)");
        Console.WriteLine($"Metrics collection cost: {nodes} simulated nodes, {pods} pods; {Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}");
        var sampled = await IdleCpuAsync(nodes, pods, sampleSeconds: 5);
        var baseline = await IdleCpuAsync(nodes, pods, sampleSeconds: 3600);
        Console.WriteLine();
        Console.WriteLine("| usage sampling | idle silo CPU % of one core (60 s) |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| every 5 s | {sampled:0.00} |");
        Console.WriteLine($"| every hour (baseline) | {baseline:0.00} |");
        var perHundred = (sampled - baseline) * 100 / pods;
        Console.WriteLine($"cost per 100 pods: {perHundred:0.000} % of one core ({perHundred * 10:0.00} ms of CPU per second)");
        Console.WriteLine($"load average at the end {ProcessStats.LoadAverage()}");
    }

    private static async Task<double> IdleCpuAsync(int nodes, int pods, double sampleSeconds)
    {
        await using var cluster = await ScaleCluster.StartAsync(nodes, 10, "api,worker", false, $"--Node:UsageSampleSeconds={sampleSeconds}");
        using var http = new HttpClient(ClusterCredentials.CreateHandler()) { BaseAddress = new Uri(cluster.Server), Timeout = TimeSpan.FromMinutes(5) };
        using var watchHttp = new HttpClient(ClusterCredentials.CreateHandler()) { BaseAddress = new Uri(cluster.Server), Timeout = Timeout.InfiniteTimeSpan };
        await cluster.WaitNodesReadyAsync(http, nodes);
        await SchedulingThroughput.RunAsync(http, watchHttp, "metrics", pods, 4, TimeSpan.FromMinutes(10));
        await Task.Delay(Settle);
        return await ProcessStats.CpuPercentAsync(cluster.SiloPid, Window);
    }
}
