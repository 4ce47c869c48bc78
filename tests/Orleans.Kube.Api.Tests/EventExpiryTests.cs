using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// Events expire one TTL (kube's --event-ttl) after their last write: one left alone goes, one observed again
/// (its lastTimestamp bumped, as the event recorder does for a repeat) stays. A silo of its own, with a 4 s TTL.
/// </summary>
[Trait("Category", "E2E")]
public sealed class EventExpiryTests(ApiClusterFixture cluster)
{
    private const string Ns = "event-expiry";
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(4);

    private static string Event(string name) => $$$"""
        {"apiVersion":"v1","kind":"Event","metadata":{"name":"{{{name}}}","namespace":"{{{Ns}}}"},
         "involvedObject":{"kind":"Pod","namespace":"{{{Ns}}}","name":"web"},"reason":"BackOff","message":"Back-off","type":"Warning",
         "firstTimestamp":"{{{Now()}}}","lastTimestamp":"{{{Now()}}}","count":1}
        """;

    private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ");

    [Fact]
    public async Task AnEventNotObservedForATtlIsDeletedAndOneObservedAgainStays()
    {
        var database = await cluster.CreateDatabaseAsync("events");
        await using var silo = SiloProcess.Start(database, "events-api", "api", $"--Events:Ttl={Ttl}", "--Events:SweepInterval=00:00:01");
        await silo.WaitReadyAsync();
        using var kubectl = new Kubectl(silo.HttpUrl);
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("create", "namespace", Ns)).ExitCode == 0, TimeSpan.FromSeconds(30), "the namespace");
        (await kubectl.RunAsync(["create", "-f", "-"], Event("recurring"))).EnsureSuccess();
        (await kubectl.RunAsync(["create", "-f", "-"], Event("once"))).EnsureSuccess();
        var created = DateTimeOffset.UtcNow;

        // "recurring" is observed again every second; "once" never is.
        var count = 1;
        await Poll.UntilAsync(async () =>
        {
            (await kubectl.RunAsync("patch", "event", "recurring", "-n", Ns, "--type=merge",
                "-p", new JsonObject { ["count"] = ++count, ["lastTimestamp"] = Now() }.ToJsonString())).EnsureSuccess();
            return (await kubectl.RunAsync("get", "event", "once", "-n", Ns)).ExitCode != 0;
        }, TimeSpan.FromSeconds(30), "the unobserved event to expire");

        Assert.True(DateTimeOffset.UtcNow - created >= Ttl - TimeSpan.FromSeconds(1), "the event went before its TTL");
        Assert.Contains("NotFound", (await kubectl.RunAsync("get", "event", "once", "-n", Ns)).Stderr);
        (await kubectl.RunAsync("get", "event", "recurring", "-n", Ns)).EnsureSuccess();
    }
}
