using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// The watch cache figures of docs/performance.md: 10,000 pods (a Running pod's body as the
/// control-plane bench writes it, 2.2 KB) put straight into a fresh store, one API silo, then with
/// 8 concurrent clients LIST all pods from the cache and from PostgreSQL (resourceVersionMatch=Exact,
/// the one list the cache leaves to the store), GET through the pod's grain and from the cache, and
/// the silo's RSS before and after the pods were cached. Opt-in (OKUBE_WATCH_CACHE_MEASURE=1).
/// </summary>
[Trait("Category", "E2E")]
public sealed class WatchCacheMeasurement(ApiClusterFixture cluster)
{
    private const int Pods = 10_000;
    private const int Clients = 8;

    private const string PodBody = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"scale"},"name":"@NAME@","namespace":"scale","uid":"@UID@","creationTimestamp":"2026-12-03T20:26:12Z","generation":1},"spec":{"containers":[{"command":["sleep","3600"],"image":"okube/busybox:1","name":"c","resources":{"requests":{"cpu":"100m","memory":"128Mi"}},"imagePullPolicy":"IfNotPresent","terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","volumeMounts":[{"name":"kube-api-access-db6v5","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}]}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler","securityContext":{},"serviceAccountName":"default","serviceAccount":"default","volumes":[{"name":"kube-api-access-db6v5","projected":{"defaultMode":420,"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}}],"nodeName":"@NODE@"},"status":{"phase":"Running","conditions":[{"type":"PodReadyToStartContainers","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-12-03T20:26:18Z"},{"type":"Initialized","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-12-03T20:26:18Z"},{"type":"Ready","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-12-03T20:26:18Z"},{"type":"ContainersReady","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-12-03T20:26:18Z"},{"type":"PodScheduled","status":"True","lastProbeTime":null,"lastTransitionTime":"2026-12-03T20:26:15Z"}],"hostIP":"127.0.0.1","hostIPs":[{"ip":"127.0.0.1"}],"startTime":"2026-12-03T20:26:16Z","containerStatuses":[{"name":"c","image":"okube/busybox:1","imageID":"","ready":true,"restartCount":0,"started":true,"state":{"running":{"startedAt":"2026-12-03T20:26:18Z"}},"lastState":{},"containerID":"docker://21e6a10e7f014b82222fe58bf97902991222b269b36534766007dee14d8b85d9"}],"qosClass":"Burstable","podIP":"127.85.216.205","podIPs":[{"ip":"127.85.216.205"}]}}
        """;

    [Fact]
    public async Task ListAndGetOfTenThousandPods()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("OKUBE_WATCH_CACHE_MEASURE") is null, "set OKUBE_WATCH_CACHE_MEASURE=1 to measure");
        var ct = TestContext.Current.CancellationToken;
        var output = new StringBuilder();
        var database = await cluster.CreateDatabaseAsync("cachemeasure");
        await using var silo = SiloProcess.Start(database, "cache-measure", "api");
        await silo.WaitReadyAsync();
        using var http = ClusterCredentials.CreateHttpClient(TimeSpan.FromMinutes(2));
        await using (var db = NpgsqlDataSource.Create(database))
        await using (var insert = db.CreateCommand("""
            WITH logged AS (
                INSERT INTO okube_resource_log (resource, namespace, name, event, body)
                SELECT 'pods', 'scale', 'p-' || lpad(i::text, 5, '0'), 'A',
                       replace(replace(replace($1, '@NAME@', 'p-' || lpad(i::text, 5, '0')), '@UID@', gen_random_uuid()::text), '@NODE@', 'sim-' || lpad((i % 1000)::text, 4, '0'))
                FROM generate_series(0, $2 - 1) AS i
                RETURNING revision, namespace, name, body)
            INSERT INTO okube_resources (resource, namespace, name, revision, owner_uids, body)
            SELECT 'pods', namespace, name, revision, '{}', body FROM logged
            """))
        {
            insert.Parameters.Add(new() { Value = PodBody.Trim() });
            insert.Parameters.Add(new() { Value = Pods });
            await insert.ExecuteNonQueryAsync(ct);
        }
        output.AppendLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var before = RssMiB(silo.Pid);

        async Task<double[]> TimeAsync(string path, int n)
        {
            var latencies = new double[n];
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                for (var i = Interlocked.Increment(ref next); i < n; i = Interlocked.Increment(ref next))
                {
                    var clock = Stopwatch.StartNew();
                    using var response = await http.GetAsync(silo.HttpUrl + path.Replace("{i}", $"{i * 7919L % Pods:D5}"), HttpCompletionOption.ResponseContentRead, ct);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    latencies[i] = clock.Elapsed.TotalMilliseconds;
                }
            }));
            Array.Sort(latencies);
            return latencies;
        }
        void Row(string what, double[] l) =>
            output.AppendLine($"| {what} | {l.Length} | {l[l.Length / 2]:0.00} | {l[(int)Math.Ceiling(l.Length * 0.99) - 1]:0.00} | {l[^1]:0.00} |");

        // The first list builds the cache; the first GETs activate the grains.
        var first = Stopwatch.StartNew();
        var listed = await http.GetStringAsync(silo.HttpUrl + "/api/v1/namespaces/scale/pods", ct);
        output.AppendLine($"first list (builds the pods' cache): {first.ElapsedMilliseconds} ms, {listed.Length / 1024 / 1024} MiB");
        output.AppendLine("| request (8 concurrent clients) | n | p50 ms | p99 ms | max ms |");
        output.AppendLine("|---|---|---|---|---|");
        for (var round = 0; round < 2; round++)
        {
            Row("LIST all 10000 pods (watch cache, consistent)", await TimeAsync("/api/v1/namespaces/scale/pods", 24));
            Row("LIST all 10000 pods, resourceVersionMatch=Exact (PostgreSQL)", await TimeAsync("/api/v1/namespaces/scale/pods?resourceVersion=1&resourceVersionMatch=Exact", 24));
        }
        Row("LIST all 10000 pods, resourceVersion=0 (watch cache)", await TimeAsync("/api/v1/namespaces/scale/pods?resourceVersion=0", 24));
        Row("LIST 500 pods, limit=500 (watch cache, consistent)", await TimeAsync("/api/v1/namespaces/scale/pods?limit=500", 200));
        Row("LIST pods of one node (fieldSelector=spec.nodeName, watch cache)", await TimeAsync("/api/v1/namespaces/scale/pods?fieldSelector=spec.nodeName%3Dsim-0{i}".Replace("{i}", "042"), 200));
        output.AppendLine($"silo VmRSS before the pods were cached {before:0} MiB, after the lists {RssMiB(silo.Pid):0} MiB");
        // Activates the grains the GETs below ask.
        await TimeAsync("/api/v1/namespaces/scale/pods/p-{i}", 2000);
        Row("GET pod (grain)", await TimeAsync("/api/v1/namespaces/scale/pods/p-{i}", 2000));
        Row("GET pod, resourceVersion=0 (watch cache)", await TimeAsync("/api/v1/namespaces/scale/pods/p-{i}?resourceVersion=0", 2000));
        output.AppendLine($"silo VmRSS after the GETs (2,000 pod grains active) {RssMiB(silo.Pid):0} MiB");
        output.AppendLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        if (Environment.GetEnvironmentVariable("OKUBE_WATCH_CACHE_MEASURE") is { Length: > 1 } file)
            await File.WriteAllTextAsync(file, output.ToString(), ct);
    }

    private static double RssMiB(int pid) =>
        File.ReadLines($"/proc/{pid}/status").First(line => line.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] is var kib ? double.Parse(kib) / 1024 : 0;
}
