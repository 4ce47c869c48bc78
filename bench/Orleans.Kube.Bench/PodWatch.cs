using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Bench;

/// <summary>
/// Follows the pods of one namespace through a watch (as an informer would) and notes when the
/// expected number of them is first bound to a node, and first Running.
/// </summary>
internal sealed class PodWatch(HttpClient http, string ns, int expected, Stopwatch clock)
{
    private readonly HashSet<string> bound = [];
    private readonly HashSet<string> running = [];
    private readonly TaskCompletionSource<TimeSpan> allBound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<TimeSpan> allRunning = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TimeSpan> AllBound => allBound.Task;
    public Task<TimeSpan> AllRunning => allRunning.Task;
    public int Bound => bound.Count;
    /// <summary>When the first pod was seen bound (null until then).</summary>
    public TimeSpan? FirstBound { get; private set; }
    public int Running => running.Count;

    /// <summary>Lists, then watches from the list's resourceVersion; starts over if the stream ends.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !allRunning.Task.IsCompleted)
        {
            var list = JsonNode.Parse(await http.GetStringAsync($"/api/v1/namespaces/{ns}/pods", ct))!;
            foreach (var pod in list["items"]!.AsArray())
                Observe(pod!);
            var from = list["metadata"]!["resourceVersion"]!.GetValue<string>();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion={from}");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (!allRunning.Task.IsCompleted && await reader.ReadLineAsync(ct) is { } line)
            {
                var e = JsonNode.Parse(line)!;
                if (e["type"]?.GetValue<string>() is "ADDED" or "MODIFIED")
                    Observe(e["object"]!);
            }
        }
    }

    private void Observe(JsonNode pod)
    {
        var name = pod["metadata"]!["name"]!.GetValue<string>();
        if (pod["spec"]?["nodeName"] is not null && bound.Add(name))
        {
            FirstBound ??= clock.Elapsed;
            if (bound.Count == expected)
                allBound.TrySetResult(clock.Elapsed);
        }
        if (pod["status"]?["phase"]?.GetValue<string>() == "Running" && running.Add(name) && running.Count == expected)
            allRunning.TrySetResult(clock.Elapsed);
    }
}
