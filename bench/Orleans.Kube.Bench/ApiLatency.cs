using System.Diagnostics;
using System.Text;

namespace Orleans.Kube.Bench;

/// <summary>Sequential request latency of the API (one client, no concurrency), after a warm-up.</summary>
internal static class ApiLatency
{
    public static async Task RunAsync(HttpClient http, int n)
    {
        var ns = $"bench-{Guid.NewGuid().ToString("N")[..6]}";
        await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        var path = $"/api/v1/namespaces/{ns}/configmaps";
        await SendAsync(http, HttpMethod.Post, path, ConfigMap("probe"));
        for (var i = 0; i < 50; i++)
            await SendAsync(http, HttpMethod.Get, $"{path}/probe", null);

        var gets = new List<double>(n);
        var creates = new List<double>(n);
        for (var i = 0; i < n; i++)
            gets.Add(await SendAsync(http, HttpMethod.Get, $"{path}/probe", null));
        for (var i = 0; i < n; i++)
            creates.Add(await SendAsync(http, HttpMethod.Post, path, ConfigMap($"cm-{i}")));

        Console.WriteLine($"| request | n | p50 ms | p99 ms | max ms |");
        Console.WriteLine($"|---|---|---|---|---|");
        foreach (var (name, values) in new[] { ("GET configmap", gets), ("CREATE configmap", creates) })
            Console.WriteLine($"| {name} | {n} | {Stats.Percentile(values, 50):0.00} | {Stats.Percentile(values, 99):0.00} | {values.Max():0.00} |");
        await SendAsync(http, HttpMethod.Delete, $"/api/v1/namespaces/{ns}", null);
    }

    private static string ConfigMap(string name) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""";

    internal static async Task<double> SendAsync(HttpClient http, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var clock = Stopwatch.StartNew();
        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadAsStringAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode} after {elapsed:0} ms: {answer}");
        return elapsed;
    }
}
