using System.Text.RegularExpressions;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// What operators see: kubectl top follows a real CPU-burning container up and down, and every
/// silo's /metrics passes promtool and counts API requests exactly.
/// </summary>
[Trait("Category", "E2E")]
public sealed partial class MetricsTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = ClusterCredentials.CreateHttpClient(TimeSpan.FromSeconds(30));
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task KubectlTopFollowsABusyLoopUpAndDown()
    {
        var ns = $"top-{Guid.NewGuid():N}"[..12];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        // Burns one core until /tmp/stop appears (busybox sh: `[` is a builtin, so the loop forks nothing).
        (await Kubectl.RunAsync("run", "burn", "-n", ns, $"--image={TwoNodeClusterFixture.Image1}", "--", "sh", "-c",
            "while [ ! -f /tmp/stop ]; do :; done; sleep 3600")).EnsureSuccess();

        var busy = await Poll.UntilAsync(() => TopPodMillicoresAsync(ns), m => m >= 300, Converge, "kubectl top pod to show the loop above 300m");
        Assert.InRange(busy, 300, 2100);
        var nodes = (await Kubectl.RunAsync("top", "node")).EnsureSuccess().Stdout;
        Assert.Contains(cluster.NodeAName, nodes);
        Assert.Matches(@"\d+m\s+\d+%\s+\d+Mi\s+\d+%", nodes);

        (await Kubectl.RunAsync("exec", "burn", "-n", ns, "--", "sh", "-c", "echo > /tmp/stop")).EnsureSuccess();
        await Poll.UntilAsync(() => TopPodMillicoresAsync(ns), m => m < 100, Converge, "kubectl top pod to fall below 100m once the loop stops");
        await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false");
    }

    [Fact]
    public async Task EverySiloExposesPrometheusMetricsThatCountApiRequests()
    {
        var ct = TestContext.Current.CancellationToken;
        var ns = $"prom-{Guid.NewGuid():N}"[..13];
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await Kubectl.RunAsync("create", "configmap", "probe", "-n", ns)).EnsureSuccess();
        var url = $"{cluster.NodeA.HttpUrl}/api/v1/namespaces/{ns}/configmaps/probe";
        var before = await GetCountAsync(ct);
        const int Gets = 7;
        for (var i = 0; i < Gets; i++)
            (await Http.GetAsync(url, ct)).EnsureSuccessStatusCode();
        Assert.Equal(before + Gets, await GetCountAsync(ct));

        // A pod on node B, a worker silo without the API: its silo reports the container under cAdvisor's names.
        (await Kubectl.RunAsync("run", "idle", "-n", ns, $"--image={TwoNodeClusterFixture.Image1}",
            "--overrides={\"spec\":{\"nodeSelector\":{\"kubernetes.io/hostname\":\"" + cluster.NodeBName + "\"}}}", "--", "sleep", "3600")).EnsureSuccess();
        var series = $"container_cpu_usage_seconds_total{{namespace=\"{ns}\",pod=\"idle\",container=\"idle\"}}";
        await Poll.UntilAsync(async () => (await Http.GetStringAsync($"{cluster.NodeB.HttpUrl}/metrics", ct)).Contains(series), Converge, "node B to export the pod's CPU");

        foreach (var silo in new[] { cluster.NodeA, cluster.NodeB })
        {
            var text = await Http.GetStringAsync($"{silo.HttpUrl}/metrics", ct);
            Assert.Contains("microsoft_orleans_", text);
            var check = await PromtoolAsync(text);
            Assert.True(check.ExitCode == 0, $"promtool check metrics on {silo.Name}: {check.Output}");
        }
        Assert.Contains("kubelet_started_containers_total{container_type=\"container\"}", await Http.GetStringAsync($"{cluster.NodeB.HttpUrl}/metrics", ct));
        // Through the API, as kubectl reads it.
        Assert.Contains("apiserver_request_total", (await Kubectl.RunAsync("get", "--raw", "/metrics")).EnsureSuccess().Stdout);
        await Kubectl.RunAsync("delete", "namespace", ns, "--wait=false");
    }

    private async Task<double> GetCountAsync(CancellationToken ct)
    {
        var text = await Http.GetStringAsync($"{cluster.NodeA.HttpUrl}/metrics", ct);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("apiserver_request_total{verb=\"get\",group=\"\",version=\"v1\",resource=\"configmaps\",subresource=\"\",scope=\"resource\",component=\"apiserver\",code=\"200\"}", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The CPU column of `kubectl top pod`, in millicores (-1 while there is no sample yet).</summary>
    private async Task<int> TopPodMillicoresAsync(string ns)
    {
        var result = await Kubectl.RunAsync("top", "pod", "burn", "-n", ns, "--containers", "--no-headers");
        var match = MillicoresColumn().Match(result.Stdout);
        return result.ExitCode == 0 && match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(string exposition)
    {
        var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    [GeneratedRegex(@"burn\s+burn\s+(\d+)m")]
    private static partial Regex MillicoresColumn();
}
