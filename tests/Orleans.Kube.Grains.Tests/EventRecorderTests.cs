using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Tests;

/// <summary>Events about the same thing are counted on one object, as client-go's correlator does.</summary>
public sealed class EventRecorderTests(GrainClusterFixture cluster)
{
    private readonly Objects objects = new(cluster.Grains, cluster.Store);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_repeated_event_bumps_the_count_and_last_timestamp_of_the_first_until_the_window_passes()
    {
        var ns = await objects.NamespaceAsync("events-repeat");
        var clock = new ManualClock(DateTimeOffset.Parse("2026-12-03T10:00:00Z"));
        var correlator = new EventCorrelator(clock);
        var pod = JsonNode.Parse($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"{{{ns}}}","uid":"uid-1"}}""")!.AsObject();
        Task Record(string message) => EventRecorder.RecordAsync(cluster.Grains, correlator, pod, "Warning", "BackOff", message, "kubelet");

        await Record("Back-off restarting failed container");
        clock.Now += TimeSpan.FromMinutes(2);
        await Record("Back-off restarting failed container");
        clock.Now += TimeSpan.FromMinutes(3);
        await Record("Back-off restarting failed container");
        await Record("a different message");

        var events = await EventsAsync(ns);
        Assert.Equal(2, events.Count);
        var repeated = events.Single(e => e["message"]!.GetValue<string>().StartsWith("Back-off", StringComparison.Ordinal));
        Assert.Equal(3, repeated["count"]!.GetValue<int>());
        Assert.Equal("2026-12-03T10:00:00Z", repeated["firstTimestamp"]!.GetValue<string>());
        Assert.Equal("2026-12-03T10:05:00Z", repeated["lastTimestamp"]!.GetValue<string>());

        // Ten minutes of silence end the series: the next occurrence is a new event.
        clock.Now += TimeSpan.FromMinutes(11);
        await Record("Back-off restarting failed container");
        Assert.Equal(3, (await EventsAsync(ns)).Count);
    }

    private async Task<List<JsonObject>> EventsAsync(string ns) =>
        (await cluster.Store.ListAsync(ResourceKinds.Event.GroupResource, ns, TestContext.Current.CancellationToken)).Items
            .Select(e => JsonNode.Parse(e.Body)!.AsObject()).ToList();
}
