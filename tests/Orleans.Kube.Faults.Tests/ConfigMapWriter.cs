using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Faults.Tests;

/// <summary>
/// Keeps creating ConfigMaps (about ten a second) while a fault happens, recording which creates
/// were acknowledged with a 2xx: each of those must survive whatever the fault does.
/// </summary>
public sealed class ConfigMapWriter : IAsyncDisposable
{
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);
    private readonly ApiEndpoints api;
    private readonly string ns;
    private readonly ConcurrentQueue<string> acknowledged = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Task loop;
    private TimeSpan lastAcknowledged;
    private int failures;

    public ConfigMapWriter(ApiEndpoints api, string ns)
    {
        this.api = api;
        this.ns = ns;
        loop = Task.Run(WriteAsync);
    }

    public IReadOnlyCollection<string> Acknowledged => acknowledged;
    public int Failures => Volatile.Read(ref failures);

    /// <summary>The longest time between two acknowledged writes: how long writes were unavailable.</summary>
    public TimeSpan LongestGap { get; private set; }

    /// <summary>How long no write has been acknowledged.</summary>
    public TimeSpan SinceLastAcknowledged => clock.Elapsed - lastAcknowledged;

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task WriteAsync()
    {
        using var pace = new PeriodicTimer(Pace);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var name = $"w-{i:D6}";
            var body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = name },
                ["data"] = new JsonObject { ["i"] = i.ToString() },
            }.ToJsonString();
            var answer = await api.TryAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body);
            if (answer?.IsSuccess == true)
            {
                acknowledged.Enqueue(name);
                var now = clock.Elapsed;
                LongestGap = TimeSpan.FromTicks(Math.Max(LongestGap.Ticks, (now - lastAcknowledged).Ticks));
                lastAcknowledged = now;
            }
            else
                Interlocked.Increment(ref failures);
            try
            {
                await pace.WaitForNextTickAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
