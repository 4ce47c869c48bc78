using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Controllers;

namespace Orleans.Kube.Grains.Tests;

/// <summary>The controller kit's plain functions: error back-off, slow-start batches and the surplus-pod ranking.</summary>
public sealed class ControllerKitTests
{
    [Fact]
    public void Error_backoff_doubles_from_5_ms_caps_at_5_minutes_and_resets_on_success()
    {
        var backoff = new ErrorBackoff();

        Assert.Equal([5, 10, 20, 40], Enumerable.Range(0, 4).Select(_ => backoff.Next().TotalMilliseconds));
        Assert.Equal(TimeSpan.FromMinutes(5), ErrorBackoff.Delay(20));
        Assert.Equal(TimeSpan.FromMinutes(5), ErrorBackoff.Delay(500));
        backoff.Reset();
        Assert.Equal(TimeSpan.FromMilliseconds(5), backoff.Next());
    }

    [Fact]
    public void Slow_start_batches_double_and_cover_the_count_exactly()
    {
        Assert.Equal([1, 2, 4, 3], SlowStart.Batches(10));
        Assert.Equal([1], SlowStart.Batches(1));
        Assert.Empty(SlowStart.Batches(0));
    }

    [Fact]
    public async Task Slow_start_stops_after_the_first_batch_with_a_failure()
    {
        var calls = 0;
        // Calls 4 and later fail: batches 1 and 2 succeed, the batch of 4 fails, nothing more is tried.
        var succeeded = await SlowStart.RunAsync(100, () => Task.FromResult(Interlocked.Increment(ref calls) < 4));

        Assert.Equal(3, succeeded);
        Assert.Equal(7, calls);
    }

    private static JsonObject Pod(string name, string? node, string phase, bool ready, string created) => JsonNode.Parse($$$"""
        {"metadata":{"name":"{{{name}}}","creationTimestamp":"{{{created}}}"},"spec":{{{(node is null ? "{}" : $"{{\"nodeName\":\"{node}\"}}")}}},
         "status":{"phase":"{{{phase}}}","conditions":[{"type":"Ready","status":"{{{(ready ? "True" : "False")}}}"}]}}
        """)!.AsObject();

    [Fact]
    public void Surplus_pods_go_unscheduled_then_pending_then_not_ready_then_newest_first()
    {
        var pods = new[]
        {
            Pod("ready-old", "n1", "Running", true, "2025-01-01T10:00:00Z"),
            Pod("ready-new", "n1", "Running", true, "2025-01-01T11:00:00Z"),
            Pod("not-ready", "n1", "Running", false, "2025-01-01T09:00:00Z"),
            Pod("pending", "n1", "Pending", false, "2025-01-01T09:00:00Z"),
            Pod("unscheduled", null, "Pending", false, "2025-01-01T08:00:00Z"),
        };

        var order = PodDeletionOrder.Surplus(pods, 5).Select(p => p["metadata"]!["name"]!.GetValue<string>());

        Assert.Equal(["unscheduled", "pending", "not-ready", "ready-new", "ready-old"], order);
        Assert.Empty(PodDeletionOrder.Surplus(pods, 0));
    }
}
