using System.Diagnostics;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Faults.Tests;

/// <summary>
/// Faults in the middle of a 30-replica rolling update on real Docker, while a writer keeps creating
/// ConfigMaps: afterwards no acknowledged write is lost, the rollout completes with one container
/// per pod, and the time to recovery is reported. Each scenario gets a fresh cluster.
/// </summary>
[Trait("Category", "Faults")]
public sealed class RollingUpdateFaultTests
{
    private const string Workload = "rollout";
    private const string Writes = "writes";
    private static readonly TimeSpan Converge = TimeSpan.FromMinutes(8);

    /// <summary>The same rollout without a fault: what the recovery times compare with.</summary>
    [Fact]
    public Task WithoutAFaultTheRolloutConverges() =>
        RunAsync("no fault (baseline)", (_, _, _) => Task.CompletedTask);

    [Fact]
    public Task KillingAWorkerSiloMidRolloutLosesNothingAndConverges() =>
        RunAsync("kill -9 worker silo", async (cluster, _, mark) =>
        {
            cluster.Kill(cluster.NodeB);
            // Its pods fail over once the node is declared NotReady; then the node comes back and must remove what it ran.
            await Poll.UntilAsync(async () => (await cluster.Kubectl.RunAsync("get", "node", cluster.NodeB)).Stdout.Contains("NotReady"),
                TimeSpan.FromMinutes(1), "the killed node to be NotReady");
            mark("node NotReady");
            await cluster.StartSiloAsync(cluster.NodeB);
            mark("silo back");
        });

    [Fact]
    public Task KillingTheApiSiloMidRolloutLosesNothingAndConverges() =>
        RunAsync("kill -9 API silo", async (cluster, writer, mark) =>
        {
            var before = writer.Acknowledged.Count;
            cluster.Kill(cluster.ApiSilo);
            await Poll.UntilAsync(() => Task.FromResult(writer.Acknowledged.Count >= before + 10), TimeSpan.FromMinutes(1),
                "writes to go on through the other API silo");
            mark("writes through node-a");
            await cluster.StartSiloAsync(cluster.ApiSilo);
            mark("silo back");
        });

    [Fact]
    public Task RestartingPostgresMidRolloutLosesNothingAndConverges() =>
        RunAsync("restart PostgreSQL", async (cluster, writer, mark) =>
        {
            await cluster.Postgres.StopAsync();
            mark("PostgreSQL stopped");
            // The outage lasts until clients have seen writes fail for 10 s.
            await Poll.UntilAsync(() => Task.FromResult(writer.SinceLastAcknowledged >= TimeSpan.FromSeconds(10)), TimeSpan.FromMinutes(1),
                "writes to be unavailable for 10 s while PostgreSQL is down");
            await cluster.Postgres.StartAgainAsync();
            mark("PostgreSQL started");
        });

    /// <summary>
    /// Runs one scenario: <paramref name="fault"/> breaks the cluster mid-rollout and does what an
    /// operator would to repair it, calling mark(phase) as it goes so the record shows when each
    /// phase ended; recovery is timed from the fault until everything has converged.
    /// </summary>
    private static async Task RunAsync(string scenario, Func<FaultCluster, ConfigMapWriter, Action<string>, Task> fault)
    {
        var output = TestContext.Current.TestOutputHelper;
        await using var cluster = await FaultCluster.StartAsync();
        foreach (var ns in new[] { Workload, Writes })
            await cluster.Api.CreateAsync("/api/v1/namespaces", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns },
            }.ToJsonString());
        var workload = new RollingWorkload(cluster.Api, Workload);
        await workload.CreateAsync(FaultCluster.Image1);
        await Poll.UntilAsync(() => workload.ProblemAsync(FaultCluster.Image1), problem => problem is null, Converge, "the first 30 replicas", TimeSpan.FromSeconds(2));

        await using var writer = new ConfigMapWriter(cluster.Api, Writes);
        await workload.StartRolloutAsync(FaultCluster.Image2);
        await Poll.UntilAsync(workload.UpdatedReplicasAsync, updated => updated >= 8, TimeSpan.FromMinutes(3), "the rollout to be under way", TimeSpan.FromSeconds(1));

        var clock = Stopwatch.StartNew();
        var phases = new List<string>();
        void Mark(string phase) => phases.Add($"{phase} at {clock.Elapsed.TotalSeconds:0.0} s");
        var record = new RecoveryRecord(scenario, false, TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, "");
        try
        {
            await fault(cluster, writer, Mark);
            await Poll.UntilAsync(() => workload.ProblemAsync(FaultCluster.Image2), problem => problem is null, Converge, "the rollout to converge", TimeSpan.FromSeconds(2));
            var recovery = clock.Elapsed;
            await writer.StopAsync();

            var present = (await ListNamesAsync(cluster.Api, Writes)).ToHashSet();
            var lost = writer.Acknowledged.Where(name => !present.Contains(name)).ToList();
            var rollout = await cluster.Kubectl.RunAsync(["rollout", "status", "deployment/web", "-n", Workload, "--timeout=60s"]);
            record = record with
            {
                Passed = lost.Count == 0 && rollout.ExitCode == 0,
                Recovery = recovery,
                LongestWriteGap = writer.LongestGap,
                Acknowledged = writer.Acknowledged.Count,
                FailedWrites = writer.Failures,
                Lost = lost.Count,
                Note = string.Join("; ", phases) + (lost.Count == 0 ? "" : "; lost: " + string.Join(",", lost.Take(20))),
            };
            Assert.True(lost.Count == 0, $"{lost.Count} acknowledged ConfigMaps are missing: {string.Join(", ", lost.Take(50))}");
            Assert.True(rollout.ExitCode == 0, $"kubectl rollout status failed: {rollout.Stderr}{rollout.Stdout}");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            record = record with
            {
                Recovery = clock.Elapsed,
                LongestWriteGap = writer.LongestGap,
                Acknowledged = writer.Acknowledged.Count,
                FailedWrites = writer.Failures,
                Note = string.Join("; ", [.. phases, ex.Message.Split('\n')[0]]),
            };
            throw new InvalidOperationException($"{scenario} did not recover: {ex.Message}\n{Logs(cluster)}", ex);
        }
        finally
        {
            record.Save();
            output?.WriteLine(record.ToString());
        }
    }

    private static async Task<IEnumerable<string>> ListNamesAsync(ApiEndpoints api, string ns) =>
        JsonNode.Parse((await api.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps")).Body)!["items"]!.AsArray()
            .Select(item => item!["metadata"]!["name"]!.GetValue<string>());

    private static string Logs(FaultCluster cluster) =>
        string.Join("\n", new[] { cluster.ApiSilo, cluster.NodeA, cluster.NodeB }.Select(name =>
            $"--- {name} (last 40 lines) ---\n" + string.Join("\n", cluster.Silo(name).Output.Split('\n').TakeLast(40))));
}
