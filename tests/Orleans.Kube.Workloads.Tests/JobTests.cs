using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>Jobs on real Docker through real kubectl: parallelism, back-off limit, Indexed completion, a silo kill.</summary>
[Trait("Category", "E2E")]
public sealed class JobTests(TwoNodeClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task CompletionsFiveParallelismTwoNeverRunsMoreThanTwoAndCompletes()
    {
        var ns = await Kubectl.NamespaceAsync("job-par");
        await Kubectl.ApplyAsync(BatchManifests.Job(ns, "work", BatchManifests.JobSpec("echo done; sleep 1", completions: 5, parallelism: 2)));

        var maxActive = 0;
        await Poll.UntilAsync(async () =>
        {
            var pods = await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "job-name=work");
            maxActive = Math.Max(maxActive, pods.Count(p => p.Str("status", "phase") is "Pending" or "Running" && p.Str("metadata", "deletionTimestamp") is null));
            var job = await Kubectl.GetJsonAsync("get", "job/work", "-n", ns);
            return job["status"]?["conditions"]?.AsArray().Any(c => c.Str("type") == "Complete" && c.Str("status") == "True") == true;
        }, TimeSpan.FromSeconds(120), "the job to complete");

        Assert.InRange(maxActive, 1, 2);
        (await Kubectl.RunAsync("wait", "--for=condition=complete", "job/work", "-n", ns, "--timeout=10s")).EnsureSuccess();
        var job = await Kubectl.GetJsonAsync("get", "job/work", "-n", ns);
        Assert.Equal("5", job.Str("status", "succeeded"));
        Assert.NotNull(job.Str("status", "completionTime"));
        Assert.Contains(job["status"]!["conditions"]!.AsArray(), c => c.Str("type") == "SuccessCriteriaMet");
        var table = (await Kubectl.RunAsync("get", "jobs", "-n", ns)).EnsureSuccess().Stdout;
        Assert.Matches(@"work\s+Complete\s+5/5\s+\d+s", table);
        var logs = (await Kubectl.RunAsync("logs", "job/work", "-n", ns)).EnsureSuccess().Stdout;
        Assert.Contains("done", logs);
        var pods = await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "job-name=work");
        Assert.Equal(5, pods.Count(p => p.Str("status", "phase") == "Succeeded"));
        Assert.All(pods, p => Assert.Null(p["metadata"]?["finalizers"]));
    }

    [Fact]
    public async Task AFailingPodWithBackoffLimitTwoFailsTheJobAfterExactlyThreePods()
    {
        var ns = await Kubectl.NamespaceAsync("job-fail");
        await Kubectl.ApplyAsync(BatchManifests.Job(ns, "bad", BatchManifests.JobSpec("exit 1", backoffLimit: 2)));
        (await Kubectl.RunAsync(["wait", "--for=condition=failed", "job/bad", "-n", ns, "--timeout=120s"], null, timeout: TimeSpan.FromSeconds(130))).EnsureSuccess();

        var job = await Kubectl.GetJsonAsync("get", "job/bad", "-n", ns);
        var failed = job["status"]!["conditions"]!.AsArray().Single(c => c.Str("type") == "Failed");
        Assert.Equal("BackoffLimitExceeded", failed.Str("reason"));
        Assert.Equal("3", job.Str("status", "failed"));
        var pods = await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "job-name=bad");
        Assert.Equal(3, pods.Count);
        // Kube's back-off: the second pod starts at least 10 s after the first failed, the third 20 s after the second.
        var starts = pods.Select(p => DateTimeOffset.Parse(p.Str("metadata", "creationTimestamp")!)).Order().ToList();
        Assert.True(starts[2] - starts[0] >= TimeSpan.FromSeconds(29), $"pods created at {string.Join(", ", starts)}");
        var events = (await Kubectl.RunAsync("get", "events", "-n", ns, "--field-selector", "involvedObject.name=bad")).EnsureSuccess().Stdout;
        Assert.Contains("BackoffLimitExceeded", events);
    }

    [Fact]
    public async Task AJobPastItsDeadlineIsFailedOnlyOnceItsPodHasStopped()
    {
        var ns = await Kubectl.NamespaceAsync("job-deadline");
        // SIGTERM ignored (and inherited by sleep): the pod stops only when its 4 s grace period ends.
        var spec = BatchManifests.JobSpec("trap '' TERM; sleep 60");
        spec["activeDeadlineSeconds"] = 10;
        spec["template"]!["spec"]!["terminationGracePeriodSeconds"] = 4;
        await Kubectl.ApplyAsync(BatchManifests.Job(ns, "slow", spec));
        await Poll.UntilAsync(async () => (await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "job-name=slow")).Any(p => p.Str("status", "phase") == "Running"),
            TimeSpan.FromSeconds(10), "the pod running before the deadline");

        var ending = await Poll.UntilAsync(async () => await Kubectl.GetJsonAsync("get", "job/slow", "-n", ns),
            job => Condition(job, "FailureTarget") is not null, TimeSpan.FromSeconds(30), "the FailureTarget condition");
        Assert.Null(Condition(ending, "Failed"));
        Assert.Equal("DeadlineExceeded", Condition(ending, "FailureTarget")!.Str("reason"));

        (await Kubectl.RunAsync(["wait", "--for=condition=failed", "job/slow", "-n", ns, "--timeout=60s"], null, timeout: TimeSpan.FromSeconds(70))).EnsureSuccess();
        var job = await Kubectl.GetJsonAsync("get", "job/slow", "-n", ns);
        Assert.Equal("DeadlineExceeded", Condition(job, "Failed")!.Str("reason"));
        var targetAt = DateTimeOffset.Parse(Condition(job, "FailureTarget")!.Str("lastTransitionTime")!);
        var failedAt = DateTimeOffset.Parse(Condition(job, "Failed")!.Str("lastTransitionTime")!);
        Assert.True(failedAt - targetAt >= TimeSpan.FromSeconds(2), $"FailureTarget at {targetAt}, Failed at {failedAt}: before the pod's grace period ended");
        Assert.All(await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "job-name=slow"),
            pod => Assert.Contains(pod.Str("status", "phase"), new[] { "Failed", "Succeeded" }));
    }

    private static JsonNode? Condition(JsonObject job, string type) =>
        (job["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => c.Str("type") == type && c.Str("status") == "True");

    [Fact]
    public async Task AnIndexedJobsPodsSeeEachIndexOnce()
    {
        var ns = await Kubectl.NamespaceAsync("job-idx");
        await Kubectl.ApplyAsync(BatchManifests.Job(ns, "idx",
            BatchManifests.JobSpec("echo index=$JOB_COMPLETION_INDEX", completions: 3, parallelism: 3, mode: "Indexed")));
        (await Kubectl.RunAsync(["wait", "--for=condition=complete", "job/idx", "-n", ns, "--timeout=90s"], null, timeout: TimeSpan.FromSeconds(100))).EnsureSuccess();

        var pods = await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "job-name=idx");
        var seen = new List<string>();
        foreach (var pod in pods)
        {
            var log = await Poll.UntilAsync(async () => (await Kubectl.RunAsync("logs", pod.Str("metadata", "name")!, "-n", ns)).EnsureSuccess().Stdout.Trim(),
                text => text.Length > 0, TimeSpan.FromSeconds(15), "the pod's log");
            Assert.Equal($"index={pod.Str("metadata", "annotations", "batch.kubernetes.io/job-completion-index")}", log);
            seen.Add(log);
        }
        Assert.Equal(["index=0", "index=1", "index=2"], seen.Order());
        var job = await Kubectl.GetJsonAsync("get", "job/idx", "-n", ns);
        Assert.Equal("0-2", job.Str("status", "completedIndexes"));
        // A pod that finished while the controller counted is neither counted failed nor replaced.
        Assert.Null(job.Str("status", "failed"));
        Assert.Equal(3, pods.Count);
    }

    [Fact]
    public async Task KillingTheWorkerSiloMidJobStillCountsExactlyTheCompletions()
    {
        var ns = await Kubectl.NamespaceAsync("job-kill");
        await Kubectl.ApplyAsync(BatchManifests.Job(ns, "steady", BatchManifests.JobSpec("sleep 4", completions: 4, parallelism: 2)));
        await Poll.UntilAsync(async () => (await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "job-name=steady"))
            .Any(p => p.Str("spec", "nodeName") == cluster.NodeBName && p.Str("status", "phase") == "Running"),
            TimeSpan.FromSeconds(60), "a job pod running on node B");

        cluster.NodeB.Kill();
        await cluster.NodeB.WaitForExitAsync(TimeSpan.FromSeconds(10));
        cluster.NodeB = cluster.StartNodeB();
        await cluster.NodeB.WaitReadyAsync();

        (await Kubectl.RunAsync(["wait", "--for=condition=complete", "job/steady", "-n", ns, "--timeout=150s"], null, timeout: TimeSpan.FromSeconds(160))).EnsureSuccess();
        var job = await Kubectl.GetJsonAsync("get", "job/steady", "-n", ns);
        Assert.Equal("4", job.Str("status", "succeeded"));
        var succeededPods = (await Kubectl.ItemsAsync("get", "pods", "-n", ns, "-l", "job-name=steady")).Count(p => p.Str("status", "phase") == "Succeeded");
        Assert.Equal(4, succeededPods);
        await Poll.UntilAsync(async () => !(await Kubectl.RunAsync("get", "nodes")).Stdout.Contains("NotReady"), TimeSpan.FromSeconds(60), "node B Ready again");
    }

    [Fact]
    public async Task ASuspendedJobRunsOnResumeAndGoesAfterItsTtl()
    {
        var ns = await Kubectl.NamespaceAsync("job-ttl");
        var spec = BatchManifests.JobSpec("exit 0");
        spec["suspend"] = true;
        spec["ttlSecondsAfterFinished"] = 2;
        await Kubectl.ApplyAsync(BatchManifests.Job(ns, "later", spec));
        await Poll.UntilAsync(async () => (await Kubectl.GetJsonAsync("get", "job/later", "-n", ns))["status"]?["conditions"]?.AsArray()
            .Any(c => c.Str("type") == "Suspended" && c.Str("status") == "True") == true, TimeSpan.FromSeconds(20), "the Suspended condition");
        Assert.Empty(await Kubectl.ItemsAsync("get", "pods", "-n", ns));

        (await Kubectl.RunAsync("patch", "job/later", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"suspend\":false}}")).EnsureSuccess();
        (await Kubectl.RunAsync(["wait", "--for=condition=complete", "job/later", "-n", ns, "--timeout=60s"], null, timeout: TimeSpan.FromSeconds(70))).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "job/later", "-n", ns)).ExitCode != 0, TimeSpan.FromSeconds(30), "the job deleted by its TTL");
        await Poll.UntilAsync(async () => (await Kubectl.ItemsAsync("get", "pods", "-n", ns)).Count == 0, TimeSpan.FromSeconds(30), "its pods deleted with it");
    }
}
