using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Orleans.Kube.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Kube.Dashboard.Tests;

/// <summary>
/// The figures of docs/dashboard.md: the pods view's load time and how long a pod change takes to
/// show, with 1,000 pods on 10 simulated nodes (its own silo and database). Opt-in
/// (OKUBE_DASHBOARD_SCALE=1): it takes a minute or two to create the pods.
/// </summary>
public sealed class DashboardScaleMeasurement(DashboardFixture dashboard)
{
    private const int Pods = 1000;

    [Fact]
    public async Task Pods_view_with_a_thousand_pods()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("OKUBE_DASHBOARD_SCALE") is null, "set OKUBE_DASHBOARD_SCALE=1 to measure");
        var output = TestContext.Current.TestOutputHelper!;
        var cancel = TestContext.Current.CancellationToken;
        await using var postgres = await PostgresServer.StartAsync();
        var database = await postgres.CreateDatabaseAsync("dashscale", pooling: true);
        var tokenFile = Path.Combine(Path.GetTempPath(), $"okube-dashscale-tokens-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(tokenFile, [$"{dashboard.AdminToken},dashboard-admin,uid-admin,\"system:masters\""], cancel);
        await using var silo = SiloProcess.Start(database, "dashscale", "api,worker", "--token-auth-file", tokenFile,
            "--Node:Simulated:Count=10", "--Node:MaxPods=150");
        await silo.WaitReadyAsync();
        using var kubectl = new Kubectl(silo.HttpUrl);
        await Poll.UntilAsync(async () => (await kubectl.RunAsync("get", "namespace", "default")).ExitCode == 0, TimeSpan.FromSeconds(30), "namespace default");
        (await kubectl.RunAsync(["apply", "-f", "-"], $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: many, namespace: default}
            spec:
              replicas: {{Pods}}
              selector:
                matchLabels:
                  app: many
              template:
                metadata:
                  labels:
                    app: many
                spec:
                  containers:
                  - name: main
                    image: {{DashboardFixture.Image}}
            """)).EnsureSuccess();
        var podsPath = $"{silo.HttpUrl}/api/v1/namespaces/default/pods";
        await Poll.UntilAsync(async () => RunningPods(await ClusterCredentials.Http.GetStringAsync(podsPath, cancel)).Count,
            running => running >= Pods, TimeSpan.FromMinutes(5), $"{Pods} pods Running", TimeSpan.FromSeconds(2));

        var page = await dashboard.Browser.NewPageAsync();
        var clock = Stopwatch.StartNew();
        await page.GotoAsync($"{silo.HttpUrl}/ui/#/pods");
        await page.FillAsync("#token", dashboard.AdminToken);
        await page.ClickAsync("#signin-form button[type=submit]");
        await Expect(page.Locator("#pod-counter")).ToContainTextAsync($"of {Pods} pods", new() { Timeout = 60_000 });
        var load = clock.Elapsed;
        await Expect(page.Locator(".live-state")).ToHaveTextAsync("watching");
        output.WriteLine($"page load to {Pods} pods listed: {load.TotalMilliseconds:0} ms");
        await dashboard.ScreenshotAsync(page, "pods-1000");

        // A change to one pod, shown through the watch: label it and wait for the filtered row.
        var names = RunningPods(await ClusterCredentials.Http.GetStringAsync(podsPath, cancel));
        var samples = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            await page.FillAsync("#pod-selector", $"seen={i}");
            await Expect(page.Locator("#pods tbody tr")).ToHaveCountAsync(0);
            var patch = new StringContent(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["seen"] = $"{i}" } } }.ToJsonString(), null, "application/merge-patch+json");
            var change = Stopwatch.StartNew();
            (await ClusterCredentials.Http.PatchAsync($"{podsPath}/{names[i * 100]}", patch, cancel)).EnsureSuccessStatusCode();
            await Expect(page.Locator("#pods tbody tr")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
            samples.Add(change.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        output.WriteLine($"pod change shown after (ms, from the PATCH being sent): {string.Join(", ", samples.Select(s => s.ToString("0")))}; median {samples[2]:0}");
        await page.CloseAsync();
        Assert.True(load < TimeSpan.FromSeconds(10), $"page load {load}");
    }

    private static List<string> RunningPods(string list) =>
        JsonNode.Parse(list)!["items"]!.AsArray()
            .Where(p => p!["status"]?["phase"]?.GetValue<string>() == "Running")
            .Select(p => p!["metadata"]!["name"]!.GetValue<string>()).ToList();
}
