using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Bench;

/// <summary>
/// What the node proxy costs: request latency and transfer throughput through a ClusterIP
/// against the same requests sent straight to one pod's IP, in the same run. Needs a running
/// cluster with a worker (the README bring-up); everything stays on loopback.
/// </summary>
internal static class ProxyOverhead
{
    private const string Image = "okube/busybox:1";
    private const int PayloadBytes = 1024 * 1024;

    public static async Task RunAsync(HttpClient api, int requests, int transfers)
    {
        var ns = $"proxy-bench-{Guid.NewGuid().ToString("N")[..6]}";
        await PostAsync(api, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        try
        {
            await PostAsync(api, $"/apis/apps/v1/namespaces/{ns}/deployments", $$$"""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},"spec":{"terminationGracePeriodSeconds":1,
                     "containers":[{"name":"web","image":"{{{Image}}}","ports":[{"containerPort":8080}],
                       "command":["sh","-c","mkdir -p /www && echo ok > /www/small && head -c {{{PayloadBytes}}} /dev/zero > /www/large && exec httpd -f -p 8080 -h /www"],
                       "readinessProbe":{"tcpSocket":{"port":8080},"periodSeconds":1}}]} } } }
                """);
            await PostAsync(api, $"/api/v1/namespaces/{ns}/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}}
                """);
            var (clusterIp, podIp) = await WaitReadyAsync(api, ns);

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var direct = $"http://{podIp}:8080";
            var proxied = $"http://{clusterIp}:80";
            // Alternate the two paths in blocks so drift on the host hits both alike.
            var latencyDirect = new List<double>();
            var latencyProxied = new List<double>();
            for (var block = 0; block < 10; block++)
            {
                latencyDirect.AddRange(await LatenciesAsync(http, $"{direct}/small", requests / 10));
                latencyProxied.AddRange(await LatenciesAsync(http, $"{proxied}/small", requests / 10));
            }
            var (bytesDirect, timeDirect, bytesProxied, timeProxied) = (0L, TimeSpan.Zero, 0L, TimeSpan.Zero);
            for (var block = 0; block < 5; block++)
            {
                var (bytes, time) = await TransferAsync(http, $"{direct}/large", transfers / 5);
                (bytesDirect, timeDirect) = (bytesDirect + bytes, timeDirect + time);
                (bytes, time) = await TransferAsync(http, $"{proxied}/large", transfers / 5);
                (bytesProxied, timeProxied) = (bytesProxied + bytes, timeProxied + time);
            }
            var throughputDirect = bytesDirect / 1024.0 / 1024.0 / timeDirect.TotalSeconds;
            var throughputProxied = bytesProxied / 1024.0 / 1024.0 / timeProxied.TotalSeconds;

            Console.WriteLine($"| path | latency p50 (ms) | latency p99 (ms) | throughput (MiB/s, {transfers} x 1 MiB, 4 connections) |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| direct to one pod IP | {Stats.Median(latencyDirect):0.00} | {Stats.Percentile(latencyDirect, 99):0.00} | {throughputDirect:0} |");
            Console.WriteLine($"| ClusterIP via node proxy | {Stats.Median(latencyProxied):0.00} | {Stats.Percentile(latencyProxied, 99):0.00} | {throughputProxied:0} |");
            Console.WriteLine($"| added by the proxy | {Stats.Median(latencyProxied) - Stats.Median(latencyDirect):+0.00;-0.00} | {Stats.Percentile(latencyProxied, 99) - Stats.Percentile(latencyDirect, 99):+0.00;-0.00} | ratio {throughputProxied / throughputDirect:0.00} |");
        }
        finally
        {
            using var _ = await api.DeleteAsync($"/api/v1/namespaces/{ns}");
        }
    }

    /// <summary>Sequential requests, each on a new connection (as a fresh client would make them).</summary>
    private static async Task<List<double>> LatenciesAsync(HttpClient http, string url, int count)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = true;
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }
        return samples;
    }

    /// <summary>Downloads <paramref name="transfers"/> payloads over 4 parallel connections: bytes and wall time.</summary>
    private static async Task<(long Bytes, TimeSpan Time)> TransferAsync(HttpClient http, string url, int transfers)
    {
        var clock = Stopwatch.StartNew();
        var next = 0;
        long bytes = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= transfers)
                Interlocked.Add(ref bytes, (await http.GetByteArrayAsync(url)).Length);
        }));
        return (bytes, clock.Elapsed);
    }

    private static async Task<(string ClusterIp, string PodIp)> WaitReadyAsync(HttpClient api, string ns)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var service = JsonNode.Parse(await api.GetStringAsync($"/api/v1/namespaces/{ns}/services/web"))!;
            using var endpoints = await api.GetAsync($"/api/v1/namespaces/{ns}/endpoints/web");
            if (endpoints.IsSuccessStatusCode)
            {
                var addresses = JsonNode.Parse(await endpoints.Content.ReadAsStringAsync())!["subsets"]?[0]?["addresses"]?.AsArray();
                if (addresses is { Count: 3 })
                    return (service["spec"]!["clusterIP"]!.GetValue<string>(), addresses[0]!["ip"]!.GetValue<string>());
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the service did not get 3 ready endpoints within 3 minutes");
    }

    private static async Task PostAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
