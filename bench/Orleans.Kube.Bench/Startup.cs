using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Bench;

/// <summary>
/// Time from submitting N replicas to all N Running: ours (a Deployment through the API) next to
/// the physical limit (the Engine API creating and starting N containers, 8 at a time), alternating.
/// </summary>
internal static class Startup
{
    private const string Image = "okube/busybox:1";

    public static async Task RunAsync(string server, int replicas, int repetitions)
    {
        using var http = new HttpClient { BaseAddress = new Uri(server), Timeout = TimeSpan.FromSeconds(30) };
        using var docker = new DockerContainerRuntime();
        var ours = new List<double>();
        var raw = new List<double>();
        for (var rep = 0; rep < repetitions; rep++)
        {
            ours.Add(await OursAsync(http, replicas));
            raw.Add(await RawAsync(docker, replicas));
        }
        Console.WriteLine($"| startup of {replicas} | median s | min-max s |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| Orleans.Kube (kubectl-equivalent apply) | {Stats.Median(ours):0.00} | {ours.Min():0.00}-{ours.Max():0.00} |");
        Console.WriteLine($"| raw Engine API, 8-way parallel | {Stats.Median(raw):0.00} | {raw.Min():0.00}-{raw.Max():0.00} |");
        Console.WriteLine($"| ratio ours/raw | {Stats.Median(ours) / Stats.Median(raw):0.00} | |");
    }

    private static async Task<double> OursAsync(HttpClient http, int replicas)
    {
        var ns = $"bench-{Guid.NewGuid().ToString("N")[..6]}";
        await PostAsync(http, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        var deployment = $$$"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"load"},
             "spec":{"replicas":{{{replicas}}},"selector":{"matchLabels":{"app":"load"}},
               "template":{"metadata":{"labels":{"app":"load"}},"spec":{"terminationGracePeriodSeconds":1,
                 "containers":[{"name":"c","image":"{{{Image}}}","command":["sleep","3600"]}]} } } }
            """;
        var clock = Stopwatch.StartNew();
        await PostAsync(http, $"/apis/apps/v1/namespaces/{ns}/deployments", deployment);
        while (true)
        {
            var pods = JsonNode.Parse(await http.GetStringAsync($"/api/v1/namespaces/{ns}/pods"))!["items"]!.AsArray();
            if (pods.Count(p => p!["status"]?["phase"]?.GetValue<string>() == "Running") == replicas)
                break;
            if (clock.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException("pods did not all run within 5 minutes");
            await Task.Delay(100);
        }
        var elapsed = clock.Elapsed.TotalSeconds;
        using var delete = await http.DeleteAsync($"/api/v1/namespaces/{ns}");
        // Let the namespace drain before the next measurement.
        while ((await http.GetAsync($"/api/v1/namespaces/{ns}")).IsSuccessStatusCode)
            await Task.Delay(200);
        return elapsed;
    }

    private static async Task<double> RawAsync(DockerContainerRuntime docker, int replicas)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var labels = new Dictionary<string, string> { ["okube.bench"] = run };
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(0, replicas).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var id = await docker.CreateAsync(new ContainerCreateRequest($"bench-{run}-{i}", Image, ["sleep"], ["3600"],
                    new Dictionary<string, string>(), null, [], null, null, labels, []), CancellationToken.None);
                await docker.StartAsync(id, CancellationToken.None);
            }
            finally
            {
                gate.Release();
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        foreach (var container in await docker.ListAsync(labels, CancellationToken.None))
            await docker.RemoveAsync(container.Id, CancellationToken.None);
        return elapsed;
    }

    private static async Task PostAsync(HttpClient http, string path, string body)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}
