using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// The ingress proxy with real kubectl, curl and containers: routing by host and path, 404 for what no rule
/// matches, HTTPS with SNI from a Secret made by openssl, X-Forwarded-* headers, the okube.io annotations, and a
/// rolling update through the Ingress that fails no request.
/// </summary>
[Trait("Category", "E2E")]
public sealed class IngressTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly ServiceNetworkingTests services = new(cluster);
    private Kubectl Kubectl => cluster.Kubectl;
    private int HttpPort => cluster.IngressHttpPort;
    private int HttpsPort => cluster.IngressHttpsPort;

    /// <summary>httpd serving the pod's name at / and /api/x, and its environment (the CGI variables) at /cgi-bin/env.</summary>
    private static JsonObject Web(string ns, string name, int replicas)
    {
        var deployment = ServiceNetworkingTests.WebDeployment(ns, name, replicas);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        container["command"] = new JsonArray("sh", "-c",
            "mkdir -p /www/api /www/cgi-bin && echo $POD_NAME > /www/index.html && echo $POD_NAME > /www/api/x && echo ok > /www/healthz && " +
            "printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\nenv\\n' > /www/cgi-bin/env && chmod +x /www/cgi-bin/env && " +
            "httpd -f -p 8080 -h /www & pid=$!; trap 'sleep 5; kill $pid; exit 0' TERM; wait $pid");
        return deployment;
    }

    [Fact]
    public async Task AnIngressRoutesByHostAndPathServesTlsBySniAndLosesNoRequestInARollingUpdate()
    {
        var ns = await services.NamespaceAsync("ing");
        foreach (var (name, replicas) in new[] { ("a", 2), ("b", 1) })
        {
            await services.ApplyAsync(Web(ns, name, replicas));
            await services.ApplyAsync(ServiceNetworkingTests.Service(ns, name, 80, "http"));
        }
        var work = Directory.CreateTempSubdirectory("okube-ingress-");
        var (crt, key) = (Path.Combine(work.FullName, "a.crt"), Path.Combine(work.FullName, "a.key"));
        await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=a.example.test",
            "-addext", "subjectAltName=DNS:a.example.test", "-keyout", key, "-out", crt);
        (await Kubectl.RunAsync("create", "secret", "tls", "a-tls", "-n", ns, "--cert", crt, "--key", key)).EnsureSuccess();
        (await Kubectl.RunAsync("create", "ingress", "web", "-n", ns, "--annotation", "okube.io/ssl-redirect=false",
            "--rule=a.example.test/*=a:80,tls=a-tls", "--rule=b.example.test/api*=b:80")).EnsureSuccess();

        // The default class was filled in, and the proxy published its address.
        var table = await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "ing", "web", "-n", ns)).Stdout,
            t => t.Contains("127.0.0.1"), Converge, "the Ingress's address");
        Assert.Matches(@"web\s+okube\s+a\.example\.test,b\.example\.test\s+127\.0\.0\.1\s+80, 443\s+", table);
        Assert.Contains("okube.io/ingress", (await Kubectl.RunAsync("get", "ingressclass")).EnsureSuccess().Stdout);
        await services.ReadyEndpointsAsync(ns, "a", 2);
        await services.ReadyEndpointsAsync(ns, "b", 1);
        var podsA = await services.PodNamesAsync(ns, "app=a");
        var podB = Assert.Single(await services.PodNamesAsync(ns, "app=b"));

        // Host and path pick the backend; what no rule matches is 404.
        var answers = new HashSet<string>();
        for (var i = 0; i < 6; i++)
            answers.Add(await CurlAsync($"http://a.example.test:{HttpPort}/"));
        Assert.Equal(podsA.Order(), answers.Order());
        Assert.Equal(podB, await CurlAsync($"http://b.example.test:{HttpPort}/api/x"));
        Assert.Equal("404", await CurlAsync($"http://b.example.test:{HttpPort}/", "-o", "/dev/null", "-w", "%{http_code}"));
        Assert.Equal("404", await CurlAsync($"http://nobody.example.test:{HttpPort}/", "-o", "/dev/null", "-w", "%{http_code}"));

        // HTTPS: the certificate is the Secret's, chosen by SNI; the backend hears how the client came.
        Assert.Contains(await CurlAsync($"https://a.example.test:{HttpsPort}/", "--cacert", crt), podsA);
        Assert.Equal("2", await CurlAsync($"https://a.example.test:{HttpsPort}/", "--cacert", crt, "--http2", "-o", "/dev/null", "-w", "%{http_version}"));
        var environment = await CurlAsync($"https://a.example.test:{HttpsPort}/cgi-bin/env", "--cacert", crt);
        Assert.Contains("HTTP_X_FORWARDED_PROTO=https", environment);
        Assert.Contains($"HTTP_X_FORWARDED_HOST=a.example.test:{HttpsPort}", environment);
        Assert.Contains("HTTP_X_FORWARDED_FOR=127.0.0.1", environment);
        Assert.Contains($"HTTP_HOST=a.example.test:{HttpsPort}", environment);

        // Annotations apply as soon as the change is watched: a redirect to HTTPS, a rewritten path, a body limit.
        (await Kubectl.RunAsync("annotate", "ingress", "web", "-n", ns, "--overwrite", "okube.io/ssl-redirect=true")).EnsureSuccess();
        var redirect = await Poll.UntilAsync(() => CurlAsync($"http://a.example.test:{HttpPort}/x?y=1", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}"),
            r => r.StartsWith("308"), TimeSpan.FromSeconds(5), "the redirect to HTTPS");
        Assert.Equal($"308 https://a.example.test:{HttpsPort}/x?y=1", redirect);
        (await Kubectl.RunAsync("annotate", "ingress", "web", "-n", ns, "--overwrite", "okube.io/rewrite-target=/", "okube.io/proxy-body-size=1k")).EnsureSuccess();
        await Poll.UntilAsync(async () => await CurlAsync($"http://b.example.test:{HttpPort}/api/api/x") == podB, TimeSpan.FromSeconds(5), "the rewrite");
        Assert.Equal("413", await CurlAsync($"http://b.example.test:{HttpPort}/api/x", "-o", "/dev/null", "-w", "%{http_code}", "--data-binary", new string('x', 2048)));

        // A rolling update of a under a client that keeps its connection to the ingress: no request fails.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        (await Kubectl.RunAsync("annotate", "ingress", "web", "-n", ns, "--overwrite", "okube.io/ssl-redirect=false")).EnsureSuccess();
        await Poll.UntilAsync(async () => await GetAsync(client, "a.example.test") == HttpStatusCode.OK, TimeSpan.FromSeconds(5), "plain HTTP again");
        (await Kubectl.RunAsync("set", "env", "deployment/a", "-n", ns, "ROLL=2")).EnsureSuccess();
        var rollout = Kubectl.RunAsync(["rollout", "status", "deployment/a", "-n", ns, "--timeout=240s"], timeout: TimeSpan.FromSeconds(250));
        int sent = 0, failed = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(250);
        while (!rollout.IsCompleted && DateTime.UtcNow < deadline)
        {
            sent++;
            if (await GetAsync(client, "a.example.test") != HttpStatusCode.OK)
                failed++;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        (await rollout).EnsureSuccess();
        Assert.True(sent > 20, $"only {sent} requests during the rollout");
        Assert.Equal(0, failed);
    }

    [Fact]
    public async Task TheHelmCreateChartInstallsWithItsIngressAndAnswersThroughIt()
    {
        // helm create's chart runs nginx on port 80: point it at a local image whose default command serves port 80.
        await RunAsync(["docker", "build", "-q", "-t", ChartImage, "-"],
            $"FROM {TwoNodeClusterFixture.Image1}\nCMD [\"sh\", \"-c\", \"mkdir -p /www && hostname > /www/index.html && exec httpd -f -p 80 -h /www\"]\n");
        var ns = await services.NamespaceAsync("chart");
        var work = Directory.CreateTempSubdirectory("okube-chart-");
        await RunAsync(["helm", "create", Path.Combine(work.FullName, "web")]);
        // Its test pod runs `wget web:80` from busybox: the same from the local image, so `helm test` resolves the
        // Service name through the cluster DNS inside a pod.
        var testPod = Path.Combine(work.FullName, "web", "templates", "tests", "test-connection.yaml");
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(testPod, (await File.ReadAllTextAsync(testPod, ct)).Replace(
            "image: busybox", $"image: {TwoNodeClusterFixture.Image1}\n      imagePullPolicy: Never", StringComparison.Ordinal), ct);
        await RunAsync(["helm", "install", "web", Path.Combine(work.FullName, "web"), "-n", ns, "--kubeconfig", Kubectl.KubeconfigPath,
            "--set", $"image.repository={ChartImage.Split(':')[0]},image.tag={ChartImage.Split(':')[1]},image.pullPolicy=Never",
            "--set", "ingress.enabled=true,ingress.hosts[0].host=chart.example.test,ingress.hosts[0].paths[0].path=/,ingress.hosts[0].paths[0].pathType=Prefix",
            "--wait", "--timeout", "120s"]);

        var pod = Assert.Single(await services.PodNamesAsync(ns, "app.kubernetes.io/instance=web"));
        var answer = await Poll.UntilAsync(async () => await CurlAsync($"http://chart.example.test:{HttpPort}/", "-w", " %{http_code}"),
            a => a.EndsWith(" 200"), Converge, "the chart's Ingress to answer");
        Assert.Equal($"{pod}\n 200", answer);
        var table = await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "ing", "-n", ns)).Stdout, t => t.Contains("127.0.0.1"), Converge, "the chart Ingress's address");
        Assert.Matches(@"web\s+okube\s+chart\.example\.test\s+127\.0\.0\.1\s+80\s+", table);
        var tested = await RunAsync(["helm", "test", "web", "-n", ns, "--kubeconfig", Kubectl.KubeconfigPath, "--timeout", "120s"]);
        Assert.Matches(@"TEST SUITE:\s+web-test-connection[\s\S]*Phase:\s+Succeeded", tested);
        await RunAsync(["helm", "uninstall", "web", "-n", ns, "--kubeconfig", Kubectl.KubeconfigPath]);
        await Poll.UntilAsync(async () => await CurlAsync($"http://chart.example.test:{HttpPort}/", "-o", "/dev/null", "-w", "%{http_code}") == "404",
            Converge, "the uninstalled chart's host to be gone");
    }

    [Fact]
    public async Task AnUpgradedConnectionIsTunnelledBothWays()
    {
        var ns = await services.NamespaceAsync("ing-ws");
        // A backend that answers any request with 101 and then echoes what it reads, as a WebSocket server would carry frames.
        var deployment = ServiceNetworkingTests.WebDeployment(ns, "echo", 1);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        container["command"] = new JsonArray("nc", "-ll", "-p", "9000", "-e", "sh", "-c",
            "while read -r l; do [ ${#l} -le 1 ] && break; done; " +
            "printf 'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n\\r\\n'; cat");
        container["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 9000 });
        container.Remove("readinessProbe");
        await services.ApplyAsync(deployment);
        await services.ApplyAsync(ServiceNetworkingTests.Service(ns, "echo", 9000, 9000));
        (await Kubectl.RunAsync("create", "ingress", "echo", "-n", ns, "--rule=ws.example.test/*=echo:9000")).EnsureSuccess();
        await services.ReadyEndpointsAsync(ns, "echo", 1);

        var reply = await Poll.UntilAsync(async () =>
        {
            using var connection = new System.Net.Sockets.TcpClient();
            await connection.ConnectAsync(IPAddress.Loopback, HttpPort);
            var stream = connection.GetStream();
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(
                "GET /chat HTTP/1.1\r\nHost: ws.example.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
            var head = await ReadUntilAsync(stream, "\r\n\r\n");
            if (!head.StartsWith("HTTP/1.1 101"))
                return head;
            await stream.WriteAsync("ping over the tunnel\n"u8.ToArray());
            return head + await ReadUntilAsync(stream, "\n");
        }, r => r.EndsWith("ping over the tunnel\n"), Converge, "the upgraded connection to echo");
        Assert.StartsWith("HTTP/1.1 101", reply);
    }

    private static async Task<string> ReadUntilAsync(System.IO.Stream stream, string end)
    {
        var text = new System.Text.StringBuilder();
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal) && await stream.ReadAsync(one, timeout.Token) == 1)
            text.Append((char)one[0]);
        return text.ToString();
    }

    private const string ChartImage = "okube/chart-httpd:1";

    private Task<HttpStatusCode?> GetAsync(HttpClient client, string host) =>
        ServiceTraffic.StatusAsync(client, $"http://127.0.0.1:{HttpPort}/", host);

    /// <summary>curl with every name resolved to 127.0.0.1 by --resolve (nothing is looked up).</summary>
    private async Task<string> CurlAsync(string url, params string[] options)
    {
        var uri = new Uri(url);
        return (await RunAsync(["curl", "-sS", "--max-time", "10", "--resolve", $"{uri.Host}:{uri.Port}:127.0.0.1", .. options, url])).Trim();
    }

    private static Task<string> RunAsync(params string[] command) => RunAsync(command, null);

    private static async Task<string> RunAsync(string[] command, string? stdin)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var arg in command.Skip(1))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(150));
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', command)} failed: {await stderr}");
        return await stdout;
    }
}
