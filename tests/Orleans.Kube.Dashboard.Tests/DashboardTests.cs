using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;
using Orleans.Kube.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Orleans.Kube.Dashboard.Tests;

/// <summary>The dashboard at /ui/ in a real (headless) Chromium against a real silo, signed in with a bearer token.</summary>
public sealed class DashboardTests(DashboardFixture cluster)
{
    private static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 15_000 };
    private static readonly LocatorAssertionsToContainTextOptions SoonContains = new() { Timeout = 15_000 };

    [Fact]
    public async Task Static_files_need_no_credentials_but_the_api_still_does()
    {
        using var anonymous = new HttpClient(ClusterCredentials.CreateHandler(asAdmin: false));
        var cancel = TestContext.Current.CancellationToken;
        using var page = await anonymous.GetAsync($"{cluster.Silo.HttpUrl}/ui/", cancel);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        using var script = await anonymous.GetAsync($"{cluster.Silo.HttpUrl}/ui/js/main.js", cancel);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var pods = await anonymous.GetAsync($"{cluster.Silo.HttpUrl}/api/v1/pods", cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, pods.StatusCode);
        // Only reads of /ui are public: a write there goes through authentication like anything else.
        using var post = await anonymous.PostAsync($"{cluster.Silo.HttpUrl}/ui/", new StringContent("{}"), cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        using var missing = await anonymous.GetAsync($"{cluster.Silo.HttpUrl}/ui/no-such-file.js", cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Overview_shows_the_node_ready_and_pods_per_node()
    {
        var page = await cluster.OpenAsync("#/overview");
        var node = page.Locator($"#nodes tr[data-node='{cluster.NodeName}']");
        await Expect(node.Locator("td.status")).ToHaveTextAsync("Ready", Soon);
        await Expect(page.Locator("#pods-per-node svg text", new() { HasText = cluster.NodeName })).ToHaveCountAsync(1);
        // Usage from metrics.k8s.io once the node agent has two samples (5 s apart), with its share of capacity.
        var firstSamples = new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 };
        await Expect(node.Locator("td.cpu-used")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d\d \(\d+%\)$"), firstSamples);
        await Expect(node.Locator("td.memory-used")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d GiB \(\d+%\)$"), firstSamples);
        await cluster.ScreenshotAsync(page, "overview");
        await page.EvaluateAsync("() => { location.hash = '#/namespaces'; }");
        await Expect(page.Locator("#namespaces tr[data-namespace='kube-system'] td").Nth(1)).ToHaveTextAsync("Active", Soon);
        await cluster.ScreenshotAsync(page, "namespaces");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Orleans_view_shows_the_silo_and_its_grain_activations()
    {
        var page = await cluster.OpenAsync("#/orleans");
        var silo = page.Locator($"#silos tr[data-silo='{cluster.NodeName}']");
        await Expect(silo.Locator("td.status")).ToHaveTextAsync("Active", Soon);
        await Expect(silo.Locator("td.activations")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        await Expect(page.Locator("#grain-types svg rect").First).ToBeVisibleAsync();
        await cluster.ScreenshotAsync(page, "orleans");
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_token_without_rbac_rules_sees_the_apis_refusal()
    {
        var page = await cluster.OpenAsync("#/pods", token: cluster.NobodyToken);
        await Expect(page.Locator("#banner")).ToContainTextAsync("User \"nobody\" cannot list resource \"pods\"", new() { Timeout = 15_000 });
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_view_only_service_account_token_reads_pods_and_its_delete_is_refused()
    {
        var ns = await NamespaceAsync("rbac");
        await ApplyDeploymentAsync(ns, "viewed", replicas: 1);
        (await cluster.Kubectl.RunAsync("create", "serviceaccount", "viewer", "-n", ns)).EnsureSuccess();
        (await cluster.Kubectl.RunAsync("create", "rolebinding", "viewer", "-n", ns, "--clusterrole=view", $"--serviceaccount={ns}:viewer")).EnsureSuccess();
        var token = (await cluster.Kubectl.RunAsync("create", "token", "viewer", "-n", ns)).EnsureSuccess().Stdout.Trim();
        var page = await cluster.OpenAsync("#/pods", ns, token);
        await Expect(page.Locator("#whoami")).ToHaveTextAsync($"system:serviceaccount:{ns}:viewer", Soon);
        var row = page.Locator("#pods tbody tr").First;
        await Expect(row).ToContainTextAsync("viewed-", SoonContains);
        await row.Locator("button", new() { HasText = "Delete" }).ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator("#banner")).ToContainTextAsync($"cannot delete resource \"pods\" in API group \"\" in the namespace \"{ns}\"", SoonContains);
        Assert.Single((await cluster.Kubectl.RunAsync("get", "pods", "-n", ns, "--no-headers")).Stdout.Trim().Split('\n'));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Pods_of_an_applied_deployment_appear_within_two_seconds_without_reload()
    {
        var ns = await NamespaceAsync("pods");
        var page = await cluster.OpenAsync("#/pods", ns);
        await Expect(page.Locator(".live-state")).ToHaveTextAsync("watching", Soon);
        var clock = Stopwatch.StartNew();
        await ApplyDeploymentAsync(ns, "web", replicas: 2);
        await Expect(page.Locator("#pods tbody tr")).ToHaveCountAsync(2, new() { Timeout = 2_000 });
        var shown = clock.Elapsed;
        await page.FillAsync("#pod-selector", "app=nothing");
        await Expect(page.Locator("#pods tbody tr")).ToHaveCountAsync(0);
        await page.FillAsync("#pod-selector", "app=web");
        await Expect(page.Locator("#pods tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#pods tbody tr td.status").First).ToHaveTextAsync("Running", Soon);
        await cluster.ScreenshotAsync(page, "pods");
        TestContext.Current.TestOutputHelper?.WriteLine($"pods shown {shown.TotalMilliseconds:0} ms after kubectl apply returned");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Scaling_from_the_ui_changes_the_deployment()
    {
        var ns = await NamespaceAsync("scale");
        await ApplyDeploymentAsync(ns, "api", replicas: 1);
        (await cluster.Kubectl.RunAsync("rollout", "status", "deploy/api", "-n", ns, "--timeout=60s")).EnsureSuccess();
        var page = await cluster.OpenAsync("#/workloads", ns);
        var row = page.Locator("#workloads-deployments tr[data-workload$='/api']");
        await Expect(row.Locator("td.ready")).ToHaveTextAsync("1/1", Soon);
        await row.Locator("button.scale").ClickAsync();
        await page.FillAsync("#confirm-input", "3");
        await page.ClickAsync("#confirm-ok");
        await Poll.UntilAsync(async () => (await cluster.Kubectl.RunAsync("get", "deploy", "api", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Stdout,
            replicas => replicas == "3", TimeSpan.FromSeconds(10), "kubectl get deploy to say 3 replicas");
        await Expect(page.Locator("#banner")).ToBeHiddenAsync();
        await Expect(row.Locator("td.ready")).ToHaveTextAsync("3/3", Soon);
        await cluster.ScreenshotAsync(page, "workloads");

        await row.Locator("button.restart").ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Poll.UntilAsync(async () => (await cluster.Kubectl.RunAsync("get", "deploy", "api", "-n", ns, "-o",
                "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}")).Stdout,
            stamp => stamp.Length > 0, TimeSpan.FromSeconds(10), "the restartedAt annotation");
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_log_view_follows_new_lines()
    {
        var ns = await NamespaceAsync("logs");
        await ApplyAsync(ns, $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: ticker}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
              - name: ticker
                image: {{DashboardFixture.Image}}
                command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.3; done"]
            """);
        await Poll.UntilAsync(async () => (await cluster.Kubectl.RunAsync("get", "pod", "ticker", "-n", ns, "-o", "jsonpath={.status.phase}")).Stdout,
            phase => phase == "Running", TimeSpan.FromSeconds(30), "pod ticker Running");
        var page = await cluster.OpenAsync($"#/pod/{ns}/ticker", ns);
        var lines = page.Locator("#pod-logs .log-line");
        await Expect(lines.First).ToContainTextAsync("tick", SoonContains);
        var seen = await lines.CountAsync();
        // Lines written after the page opened arrive through the followed stream.
        await Expect(page.Locator("#pod-logs .log-line", new() { HasText = $"tick {seen + 5}" })).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(page.Locator("#pod-details dd[data-field='Status']")).ToHaveTextAsync("Running");
        await cluster.ScreenshotAsync(page, "pod");

        await page.ClickAsync("#delete-pod");
        await page.ClickAsync("#confirm-ok");
        await Poll.UntilAsync(async () => (await cluster.Kubectl.RunAsync("get", "pod", "ticker", "-n", ns)).Stderr,
            error => error.Contains("NotFound"), TimeSpan.FromSeconds(30), "pod ticker deleted");
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_invalid_edit_shows_the_apis_422_message()
    {
        var ns = await NamespaceAsync("edit");
        await ApplyDeploymentAsync(ns, "edited", replicas: 1);
        // Edit once the rollout is done: a status write after the page read the object would make the save a 409.
        (await cluster.Kubectl.RunAsync("rollout", "status", "deploy/edited", "-n", ns, "--timeout=60s")).EnsureSuccess();
        var page = await cluster.OpenAsync($"#/edit/{Uri.EscapeDataString($"/apis/apps/v1/namespaces/{ns}/deployments/edited")}", ns);
        var editor = page.Locator("#yaml");
        await Expect(editor).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("replicas: 1"), new() { Timeout = 15_000 });
        var yaml = await editor.InputValueAsync();
        // spec.replicas comes before status.replicas: change the first only.
        await editor.FillAsync(new System.Text.RegularExpressions.Regex(@"(?m)^  replicas: 1$").Replace(yaml, "  replicas: -1", 1));
        await page.ClickAsync("#save-yaml");
        await page.ClickAsync("#confirm-ok");
        await Expect(page.Locator("#edit-message")).ToContainTextAsync("422", SoonContains);
        await Expect(page.Locator("#edit-message")).ToContainTextAsync("spec.replicas: Invalid value: -1: must be greater than or equal to 0");
        await cluster.ScreenshotAsync(page, "edit");
        var replicas = await cluster.Kubectl.RunAsync("get", "deploy", "edited", "-n", ns, "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("1", replicas.Stdout);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Services_show_their_endpoints_and_events_stream()
    {
        var ns = await NamespaceAsync("svc");
        await ApplyDeploymentAsync(ns, "backend", replicas: 1);
        await ApplyAsync(ns, """
            apiVersion: v1
            kind: Service
            metadata: {name: backend}
            spec:
              selector: {app: backend}
              ports: [{port: 80, targetPort: 8080}]
            """);
        var page = await cluster.OpenAsync("#/services", ns);
        await Expect(page.Locator("#services tr[data-service$='/backend'] td.endpoints")).ToContainTextAsync(":8080", SoonContains);
        await cluster.ScreenshotAsync(page, "services");
        await page.EvaluateAsync("() => { location.hash = '#/events'; }");
        await Expect(page.Locator("#events tbody tr", new() { HasText = "ScalingReplicaSet" }).First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await cluster.ScreenshotAsync(page, "events");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Cordon_and_uncordon_a_node_from_the_overview()
    {
        var page = await cluster.OpenAsync("#/overview");
        var node = page.Locator($"#nodes tr[data-node='{cluster.NodeName}']");
        await node.Locator("button", new() { HasText = "Cordon" }).ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Expect(node.Locator("td.status")).ToHaveTextAsync("Ready,SchedulingDisabled", Soon);
        Assert.Equal("true", (await cluster.Kubectl.RunAsync("get", "node", cluster.NodeName, "-o", "jsonpath={.spec.unschedulable}")).Stdout);
        await node.Locator("button", new() { HasText = "Uncordon" }).ClickAsync();
        await page.ClickAsync("#confirm-ok");
        await Expect(node.Locator("td.status")).ToHaveTextAsync("Ready", Soon);
        await page.CloseAsync();
    }

    private async Task<string> NamespaceAsync(string prefix)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        (await cluster.Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        return ns;
    }

    private async Task ApplyAsync(string ns, string manifest) =>
        (await cluster.Kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], manifest)).EnsureSuccess();

    private Task ApplyDeploymentAsync(string ns, string name, int replicas) =>
        ApplyAsync(ns, $$"""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: {{name}}}
            spec:
              replicas: {{replicas}}
              selector:
                matchLabels:
                  app: {{name}}
              template:
                metadata:
                  labels:
                    app: {{name}}
                spec:
                  terminationGracePeriodSeconds: 1
                  containers:
                  - name: main
                    image: {{DashboardFixture.Image}}
                    command: ["sleep", "3600"]
            """);
}
