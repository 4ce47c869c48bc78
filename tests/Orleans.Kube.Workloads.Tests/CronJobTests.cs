using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;
using Xunit.Sdk;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// The one minute-scale test: two CronJobs over three start times, a kill -9 of a silo just before the
/// second, history limits and Forbid; the start-time logic itself is unit-tested (CronJobPlanTests).
/// </summary>
[Trait("Category", "E2E")]
public sealed class CronJobTests(TwoNodeClusterFixture cluster, ITestOutputHelper output)
{
    private Kubectl Kubectl => cluster.Kubectl;

    private string CronJob(string ns, string name, string command, string policy, int successfulHistory, int? startingDeadline = null)
    {
        var jobSpec = BatchManifests.JobSpec(command);
        // The Job pods stay off the silo the test kills, so the kill tests the CronJob and not pod loss.
        jobSpec["template"]!["spec"]!["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = cluster.NodeAName };
        var spec = new JsonObject
        {
            ["schedule"] = "*/1 * * * *",
            ["concurrencyPolicy"] = policy,
            ["successfulJobsHistoryLimit"] = successfulHistory,
            ["jobTemplate"] = new JsonObject { ["spec"] = jobSpec },
        };
        if (startingDeadline is { } deadline)
            spec["startingDeadlineSeconds"] = deadline;
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "CronJob",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        }.ToJsonString();
    }

    [Fact]
    public async Task EveryMinuteForThreeMinutesWithForbidHistoryLimitsAndASiloKill()
    {
        var ns = await Kubectl.NamespaceAsync("cron");
        await Kubectl.ApplyAsync(CronJob(ns, "tick", "exit 0", "Allow", successfulHistory: 2));
        await Kubectl.ApplyAsync(CronJob(ns, "solo", "sleep 100", "Forbid", successfulHistory: 3, startingDeadline: 10));
        // Both CronJobs exist from here: the first start time asserted is the next minute (an earlier one may
        // have fired for tick alone, or during the by-hand Job below, and is left out).
        var created = DateTimeOffset.UtcNow;

        // kubectl create job --from=cronjob makes a Job from the template, owned by the CronJob.
        (await Kubectl.RunAsync("create", "job", "by-hand", "--from=cronjob/tick", "-n", ns)).EnsureSuccess();
        (await Kubectl.RunAsync(["wait", "--for=condition=complete", "job/by-hand", "-n", ns, "--timeout=60s"], null, timeout: TimeSpan.FromSeconds(70))).EnsureSuccess();

        var firstMinute = created.ToUnixTimeSeconds() / 60 + 1;
        var end = DateTimeOffset.FromUnixTimeSeconds((firstMinute + 2) * 60).AddSeconds(20);
        var firstSeen = new Dictionary<string, DateTimeOffset>();
        var maxSoloActive = 0;
        var killed = false;
        while (DateTimeOffset.UtcNow < end)
        {
            var now = DateTimeOffset.UtcNow;
            // Just before the second start time, kill -9 the second silo (it may host either CronJob's grain) and restart it.
            if (!killed && now >= DateTimeOffset.FromUnixTimeSeconds((firstMinute + 1) * 60).AddSeconds(-3))
            {
                killed = true;
                cluster.NodeB.Kill();
                await cluster.NodeB.WaitForExitAsync(TimeSpan.FromSeconds(10));
                cluster.NodeB = cluster.StartNodeB();
            }
            var jobs = await Kubectl.ItemsAsync("get", "jobs", "-n", ns);
            var seenAt = DateTimeOffset.UtcNow;
            foreach (var job in jobs)
                firstSeen.TryAdd(job.Str("metadata", "name")!, seenAt);
            maxSoloActive = Math.Max(maxSoloActive, jobs.Count(j => j.Str("metadata", "name")!.StartsWith("solo-") &&
                !(j["status"]?["conditions"]?.AsArray().Any(c => c.Str("status") == "True") ?? false)));
            await Task.Delay(150, TestContext.Current.CancellationToken);
        }
        await cluster.NodeB.WaitReadyAsync();

        var minutes = Enumerable.Range(0, 3).Select(i => firstMinute + i).ToList();
        foreach (var early in firstSeen.Keys.Where(k => k.Contains('-') && long.TryParse(k[(k.LastIndexOf('-') + 1)..], out var m) && m < firstMinute).ToList())
            firstSeen.Remove(early);
        Assert.Equal(minutes.Select(m => $"tick-{m}"), firstSeen.Keys.Where(k => k.StartsWith("tick-")).Order());
        // Forbid with a 10 s starting deadline: the second start time comes while the first Job still runs, and is skipped.
        // (The third may be skipped too if the kill made the first Job's pod be replaced, so only the first two are asserted.)
        Assert.Contains($"solo-{minutes[0]}", firstSeen.Keys);
        Assert.DoesNotContain($"solo-{minutes[1]}", firstSeen.Keys);
        Assert.Equal(1, maxSoloActive);

        var delays = firstSeen.Where(p => p.Key != "by-hand")
            .Select(p => (p.Value - DateTimeOffset.FromUnixTimeSeconds(long.Parse(p.Key[(p.Key.LastIndexOf('-') + 1)..]) * 60)).TotalMilliseconds)
            .Order().ToList();
        output.WriteLine($"cron firing delay (scheduled -> first seen by a 150 ms kubectl poll), ms: {string.Join(", ", delays.Select(d => d.ToString("0")))}");
        Assert.All(delays, d => Assert.InRange(d, 0, 15_000));

        // History limit 2: of tick's Jobs (three scheduled plus by-hand) only the two newest remain once finished.
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "jobs", "-n", ns, "--no-headers")).Stdout,
            table => table.Split('\n').Count(line => line.StartsWith("tick-") || line.StartsWith("by-hand")) == 2,
            TimeSpan.FromSeconds(30), "tick's finished jobs pruned to 2");
        var tick = await Kubectl.GetJsonAsync("get", "cronjob/tick", "-n", ns);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(minutes[2] * 60), DateTimeOffset.Parse(tick.Str("status", "lastScheduleTime")!));
        Assert.NotNull(tick.Str("status", "lastSuccessfulTime"));
        var solo = await Kubectl.GetJsonAsync("get", "cronjob/solo", "-n", ns);
        Assert.Single(solo["status"]!["active"]!.AsArray());
        var table = (await Kubectl.RunAsync("get", "cronjobs", "-n", ns)).EnsureSuccess().Stdout;
        // LAST SCHEDULE is the first minute's when the kill made the third one be skipped too: "2m10s" then, not "40s".
        Assert.Matches(@"solo\s+\*/1 \* \* \* \*\s+<none>\s+False\s+1\s+(\d+[smh])+\s", table);
        var events = (await Kubectl.RunAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=solo")).Stdout;
        Assert.Contains("JobAlreadyActive", events);
    }
}
