using Orleans.Kube.Testing;
using System.Diagnostics;
using System.Text;

namespace Orleans.Kube.Compose.Tests;

/// <summary>
/// A bounded client during a fault: reads (pod lists) and writes (ConfigMap creates), spread over
/// the given API URLs (the `kubernetes` Service's address in the Compose test), recording failures, acknowledged writes and the longest gap between two
/// successful requests.
/// </summary>
public sealed class ClientLoop(IReadOnlyList<string> apiUrls, int maxRequests, TimeSpan maxDuration)
{
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(10), ComposeCluster.PkiDir);
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public int Requests { get; private set; }
    public List<string> FailedReads { get; } = [];
    public int FailedWrites { get; private set; }
    public List<string> AcknowledgedWrites { get; } = [];
    public TimeSpan LongestGap { get; private set; }

    public void Start() => running = Task.Run(RunAsync);

    /// <summary>Ends the loop once it made at least <paramref name="minRequests"/> requests (or hit its bounds).</summary>
    public async Task StopAfterAsync(int minRequests)
    {
        while (Requests < minRequests && !running!.IsCompleted)
            await Task.Delay(50);
        stop.Cancel();
        await running!;
    }

    private async Task RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var lastSuccess = TimeSpan.Zero;
        for (var i = 0; i < maxRequests && clock.Elapsed < maxDuration && !stop.IsCancellationRequested; i++)
        {
            var url = apiUrls[i % apiUrls.Count];
            var write = i % 4 == 3;
            bool ok;
            try
            {
                ok = write ? await CreateAsync(url, $"loop-{i}") : await ReadAsync(url);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                ok = false;
            }
            Requests++;
            if (ok)
            {
                LongestGap = TimeSpan.FromTicks(Math.Max(LongestGap.Ticks, (clock.Elapsed - lastSuccess).Ticks));
                lastSuccess = clock.Elapsed;
            }
            else if (write)
                FailedWrites++;
            else
                FailedReads.Add($"{clock.Elapsed.TotalSeconds:0.0}s {url}");
        }
    }

    /// <summary>
    /// A GET, retried (twice) when the connection breaks, as client-go retries GETs on a reset or EOF: a
    /// connection open to the killed silo (its API, or its node proxy) breaks under the request.
    /// </summary>
    private static async Task<bool> ReadAsync(string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await Http.GetAsync($"{url}/api/v1/namespaces/default/pods");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException) when (attempt < 3)
            {
            }
        }
    }

    private async Task<bool> CreateAsync(string url, string name)
    {
        using var response = await Http.PostAsync($"{url}/api/v1/namespaces/default/configmaps", new StringContent(
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""", Encoding.UTF8, "application/json"));
        if (response.IsSuccessStatusCode)
            AcknowledgedWrites.Add(name);
        return response.IsSuccessStatusCode;
    }
}
