using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Orleans.Kube.Grains;
using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// What the node proxy and the pod network cost: request latency and transfer throughput through a
/// ClusterIP against the same requests sent straight to one pod's IP, from the host and from inside a
/// client pod (its sockets are made in the pod's network namespace, so they take the pod's path: the
/// in-namespace redirect to the agent's forwarder), and cluster DNS queries from inside the pod, in
/// the same run. Needs a worker on this host and root (setns); everything stays on loopback.
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
            await PostAsync(api, $"/api/v1/namespaces/{ns}/pods", $$$"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"client"},
                 "spec":{"terminationGracePeriodSeconds":0,"containers":[{"name":"c","image":"{{{Image}}}","command":["sleep","3600"]}]}}
                """);
            var (clusterIp, podIp) = await WaitReadyAsync(api, ns);
            using var namespaces = new NetNamespaces();
            await WaitRunningAsync(api, ns, "client");
            using var clientNetwork = NetNamespaces.Open(await SandboxPidAsync(ns, "client"));

            using var host = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var inPod = new HttpClient(new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    var socket = await namespaces.CreateSocketAsync(clientNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            }) { Timeout = TimeSpan.FromSeconds(30) };
            Path[] paths =
            [
                new("host to pod IP (direct)", host, $"http://{podIp}:8080"),
                new("host to ClusterIP (node proxy)", host, $"http://{clusterIp}:80"),
                new("pod to pod IP (agent's forwarder)", inPod, $"http://{podIp}:8080"),
                new("pod to ClusterIP (forwarder + node proxy)", inPod, $"http://{clusterIp}:80"),
            ];
            // Alternate the paths in blocks so drift on the host hits all alike.
            for (var block = 0; block < 10; block++)
                foreach (var path in paths)
                    path.Latencies.AddRange(await LatenciesAsync(path.Client, $"{path.Url}/small", requests / 10));
            for (var block = 0; block < 5; block++)
                foreach (var path in paths)
                {
                    var (bytes, time) = await TransferAsync(path.Client, $"{path.Url}/large", transfers / 5);
                    (path.Bytes, path.Time) = (path.Bytes + bytes, path.Time + time);
                }
            var dns = await DnsLatenciesAsync(namespaces, clientNetwork, $"web.{ns}.svc.cluster.local", requests);

            Console.WriteLine($"{Environment.ProcessorCount} cores, load average {ProcessStats.LoadAverage()}");
            Console.WriteLine($"| path | latency p50 (ms) | latency p99 (ms) | throughput (MiB/s, {transfers} x 1 MiB, 4 connections) |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var path in paths)
                Console.WriteLine($"| {path.Name} | {Stats.Median(path.Latencies):0.00} | {Stats.Percentile(path.Latencies, 99):0.00} | {path.Throughput:0} |");
            var (direct, proxied) = (paths[0], paths[1]);
            Console.WriteLine($"| added by the proxy (host) | {Stats.Median(proxied.Latencies) - Stats.Median(direct.Latencies):+0.00;-0.00} | " +
                              $"{Stats.Percentile(proxied.Latencies, 99) - Stats.Percentile(direct.Latencies, 99):+0.00;-0.00} | ratio {proxied.Throughput / direct.Throughput:0.00} |");
            var podToService = paths[3];
            Console.WriteLine($"| pod to ClusterIP against host to pod IP | {Stats.Median(podToService.Latencies) - Stats.Median(direct.Latencies):+0.00;-0.00} | " +
                              $"{Stats.Percentile(podToService.Latencies, 99) - Stats.Percentile(direct.Latencies, 99):+0.00;-0.00} | ratio {podToService.Throughput / direct.Throughput:0.00} |");
            Console.WriteLine();
            Console.WriteLine($"cluster DNS from inside the pod ({dns.Count} A queries for web.{ns}.svc.cluster.local): p50 {Stats.Median(dns):0.00} ms, p99 {Stats.Percentile(dns, 99):0.00} ms");
        }
        finally
        {
            using var _ = await api.DeleteAsync($"/api/v1/namespaces/{ns}");
        }
    }

    private sealed record Path(string Name, HttpClient Client, string Url)
    {
        public List<double> Latencies { get; } = [];
        public long Bytes { get; set; }
        public TimeSpan Time { get; set; }
        public double Throughput => Bytes / 1024.0 / 1024.0 / Time.TotalSeconds;
    }

    /// <summary>
    /// Sequential A queries to the pod's resolver (its resolv.conf nameserver), from inside its namespace: the DNS
    /// client's sockets are made on the namespace thread, so the whole loop runs there.
    /// </summary>
    private static Task<List<double>> DnsLatenciesAsync(NetNamespaces namespaces, Microsoft.Win32.SafeHandles.SafeFileHandle network, string name, int count) =>
        namespaces.RunInsideAsync(network, () =>
        {
            var client = new DnsClient(IPAddress.Parse("127.53.0.10"), 2000);
            var samples = new List<double>(count);
            for (var i = 0; i < count; i++)
            {
                var clock = Stopwatch.StartNew();
                var answer = client.Resolve(DomainName.Parse(name));
                if (answer is not { ReturnCode: ReturnCode.NoError } || answer.AnswerRecords.Count == 0)
                    throw new InvalidOperationException($"the cluster DNS did not answer {name} from inside the pod");
                samples.Add(clock.Elapsed.TotalMilliseconds);
            }
            return samples;
        });

    private static Task WaitRunningAsync(HttpClient api, string ns, string pod) =>
        Poll.UntilAsync(async () => JsonNode.Parse(await api.GetStringAsync($"/api/v1/namespaces/{ns}/pods/{pod}"))!["status"]?["phase"]?.GetValue<string>() == "Running",
            TimeSpan.FromMinutes(2), $"pod {pod} to run");

    /// <summary>The PID of a pod's sandbox (the holder of its network namespace), from the Engine's labels.</summary>
    private static async Task<int> SandboxPidAsync(string ns, string pod)
    {
        var sandboxes = await Testing.Docker.ContainersAsync(new Dictionary<string, string>
        {
            ["okube.pod.namespace"] = ns, ["okube.pod.name"] = pod, ["okube.init"] = "sandbox",
        });
        return sandboxes.Count == 1
            ? await Testing.Docker.PidAsync(sandboxes[0])
            : throw new InvalidOperationException($"no single sandbox of pod {ns}/{pod} runs on this host");
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
