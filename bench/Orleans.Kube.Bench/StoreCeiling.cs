using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;
using Orleans.Kube.Store;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// The resource store's raw write ceiling on this machine: W writers in this process create pod-sized
/// objects through <see cref="ResourceStore.PutAsync"/> (group commit, the silo's pool size) for a few
/// seconds, on a throwaway PostgreSQL with fsync on (as a user runs it) and off (as the tests run it).
/// What the control plane's pods/s is compared with.
/// </summary>
internal static class StoreCeiling
{
    // A bound, Running pod as the store keeps it: about what a create, a bind or a status report writes.
    private const string Body = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p-00000","namespace":"bench","uid":"6f1c2c8e-8a43-4a8e-9a3e-0d5c1f7e2b11",
         "creationTimestamp":"2026-12-03T19:00:00Z","labels":{"app":"scale"}},
         "spec":{"containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"],"resources":{"requests":{"cpu":"100m","memory":"128Mi"}},
           "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],
           "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":"default",
           "nodeName":"sim-00017","schedulerName":"default-scheduler","enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority","priority":0},
         "status":{"phase":"Running","qosClass":"Burstable","podIP":"127.80.0.17","podIPs":[{"ip":"127.80.0.17"}],"hostIP":"127.0.0.1",
           "startTime":"2026-12-03T19:00:01Z","conditions":[{"type":"PodScheduled","status":"True"},{"type":"Initialized","status":"True"},
           {"type":"ContainersReady","status":"True"},{"type":"Ready","status":"True"}],
           "containerStatuses":[{"name":"c","ready":true,"started":true,"restartCount":0,"image":"okube/busybox:1",
             "imageID":"sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
             "containerID":"docker://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","state":{"running":{"startedAt":"2026-12-03T19:00:01Z"}}}]}}
        """;

    public static async Task RunAsync(int[] writerCounts, TimeSpan duration)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores; body {Body.Length} bytes; {duration.TotalSeconds:0} s per row");
        Console.WriteLine("| fsync | writers | writes | writes/s | writes per commit | p50 ms | p99 ms | load average |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var fsync in new[] { true, false })
        {
            await using var postgres = await PostgresServer.StartAsync(fsync);
            var connection = PostgresPools.Capped(await postgres.CreateDatabaseAsync("okube_store", pooling: true), PostgresPools.Store);
            await using var db = NpgsqlDataSource.Create(connection);
            await SchemaMigrator.ApplyAsync(db, CancellationToken.None);
            var store = new ResourceStore(db, new ResourceCipher(RandomNumberGenerator.GetBytes(32)));
            foreach (var writers in writerCounts)
                await RunOnceAsync(store, fsync, writers, duration);
        }
    }

    private static async Task RunOnceAsync(ResourceStore store, bool fsync, int writers, TimeSpan duration)
    {
        var prefix = Guid.NewGuid().ToString("N")[..6];
        var commitsBefore = StoreMetrics.Commits.Value;
        var latencies = new List<double>[writers];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            for (var i = 0; clock.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await store.PutAsync("pods", "bench", $"{prefix}-{w}-{i}", Body, 0, []);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).ToList();
        var commits = StoreMetrics.Commits.Value - commitsBefore;
        Console.WriteLine($"| {(fsync ? "on" : "off")} | {writers} | {all.Count} | {all.Count / elapsed.TotalSeconds:0} | {all.Count / Math.Max(1, commits):0.0} | " +
                          $"{Stats.Percentile(all, 50):0.00} | {Stats.Percentile(all, 99):0.00} | {ProcessStats.LoadAverage()} |");
    }
}
