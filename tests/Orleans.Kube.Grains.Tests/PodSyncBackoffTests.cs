using System.Text.Json.Nodes;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains.Tests;

/// <summary>The node agent's restart back-off (kubelet's CrashLoopBackOff) on the simulated runtime: no Docker, milliseconds.</summary>
public sealed class PodSyncBackoffTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("okube-podsync-").FullName;
    private readonly SimulatedContainerRuntime runtime = new();
    private readonly JsonObject pod = JsonNode.Parse("""
        {"metadata":{"name":"crashy","namespace":"default","uid":"uid-crashy"},
         "spec":{"restartPolicy":"Always","containers":[{"name":"app","image":"okube/busybox:1"}]}}
        """)!.AsObject();

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Kubelet_backoff_is_immediate_then_10_s_doubling_to_5_minutes() =>
        Assert.Equal([0, 10, 20, 40, 80, 160, 300, 300], Enumerable.Range(0, 8).Select(r => ContainerTrack.Backoff(r).TotalSeconds));

    [Fact]
    public async Task A_crash_restarts_at_once_and_a_second_crash_waits_in_CrashLoopBackOff()
    {
        var ct = TestContext.Current.CancellationToken;
        ContainerRequests.ObjectReader read = (_, _, _) => Task.FromResult<JsonObject?>(null);
        var sync = new PodSync(runtime, "node-a", new NodeAgentOptions { DataDir = root }, read, new PodVolumes(root, read));

        await SyncAsync(sync, ct);
        runtime.Crash(await RunningIdAsync(ct), 1);
        var restarted = await SyncAsync(sync, ct);
        runtime.Crash(await RunningIdAsync(ct), 1);
        var waiting = await SyncAsync(sync, ct);

        Assert.Equal(1, Status(restarted)["restartCount"]!.GetValue<int>());
        Assert.NotNull(Status(restarted)["state"]!["running"]);
        Assert.Equal("CrashLoopBackOff", Status(waiting)["state"]!["waiting"]!["reason"]!.GetValue<string>());
        Assert.Equal(1, Status(waiting)["restartCount"]!.GetValue<int>());
        Assert.Equal(2, (await runtime.ListAsync(new Dictionary<string, string>(), ct)).Count);
        Assert.Contains(sync.Events, e => e.Reason == "BackOff");
    }

    private async Task<JsonObject> SyncAsync(PodSync sync, CancellationToken ct) =>
        await sync.SyncAsync(pod, await runtime.ListAsync(new Dictionary<string, string> { [ContainerLabels.PodUid] = "uid-crashy" }, ct), ct);

    private async Task<string> RunningIdAsync(CancellationToken ct) =>
        (await runtime.ListAsync(new Dictionary<string, string>(), ct)).Single(c => c.State == "running").Id;

    private static JsonObject Status(JsonObject status) => status["containerStatuses"]![0]!.AsObject();
}
