using System.Diagnostics;
using System.Net;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// The services/NAME:PORT/proxy and pods/NAME:PORT/proxy subresources, with the real kubectl: through
/// <c>kubectl get --raw</c> and through the URLs <c>kubectl proxy</c> serves, as people paste them.
/// </summary>
[Trait("Category", "E2E")]
public sealed class ProxySubresourceTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private readonly ServiceNetworkingTests services = new(cluster);
    private Kubectl Kubectl => cluster.Kubectl;

    /// <summary>httpd serving the pod's name at / and, at /cgi-bin/echo, the request's method and body.</summary>
    private static System.Text.Json.Nodes.JsonObject Web(string ns)
    {
        var deployment = ServiceNetworkingTests.WebDeployment(ns, "web", 1);
        var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();
        container["command"] = new System.Text.Json.Nodes.JsonArray("sh", "-c",
            "mkdir -p /www/cgi-bin && echo $POD_NAME > /www/index.html && echo ok > /www/healthz && " +
            "printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho $REQUEST_METHOD\\nhead -c $CONTENT_LENGTH\\n' > /www/cgi-bin/echo && " +
            "chmod +x /www/cgi-bin/echo && exec httpd -f -p 8080 -h /www");
        return deployment;
    }

    [Fact]
    public async Task ServiceAndPodProxyUrlsReachThePodThroughGetRawAndKubectlProxy()
    {
        var ns = await services.NamespaceAsync("proxy");
        await services.ApplyAsync(Web(ns));
        await services.ApplyAsync(ServiceNetworkingTests.Service(ns, "web", 80, "http"));
        await services.ReadyEndpointsAsync(ns, "web", 1);
        var pod = Assert.Single(await services.PodNamesAsync(ns, "app=web"));
        var api = $"/api/v1/namespaces/{ns}";

        // The service by name alone, by port number and with a scheme; the pod by port and by its first declared port.
        foreach (var path in new[] { "services/web/proxy/", "services/web:80/proxy/index.html", "services/http:web:/proxy/", "pods/" + pod + "/proxy/" })
            Assert.Equal(pod, (await Kubectl.RunAsync("get", "--raw", $"{api}/{path}")).EnsureSuccess().Stdout.Trim());
        Assert.Equal("ok", (await Kubectl.RunAsync("get", "--raw", $"{api}/pods/{pod}:8080/proxy/healthz")).EnsureSuccess().Stdout.Trim());

        // A Service without a selector proxies to the Endpoints its owner wrote (here the pod's own address).
        var podIp = (await Kubectl.RunAsync("get", "pod", pod, "-n", ns, "-o", "jsonpath={.status.podIP}")).EnsureSuccess().Stdout;
        (await Kubectl.RunAsync(["apply", "-f", "-"], $$$"""
            {"apiVersion":"v1","kind":"List","items":[
              {"apiVersion":"v1","kind":"Service","metadata":{"name":"manual","namespace":"{{{ns}}}"},"spec":{"ports":[{"port":80}]}},
              {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"manual","namespace":"{{{ns}}}"},
               "subsets":[{"addresses":[{"ip":"{{{podIp}}}"}],"ports":[{"port":8080}]}]}]}
            """)).EnsureSuccess();
        Assert.Equal(pod, (await Kubectl.RunAsync("get", "--raw", $"{api}/services/manual:80/proxy/")).EnsureSuccess().Stdout.Trim());

        var wrongPort = await Kubectl.RunAsync("get", "--raw", $"{api}/services/web:81/proxy/");
        Assert.NotEqual(0, wrongPort.ExitCode);
        Assert.Contains("no service port 81 found for service \"web\"", wrongPort.Stderr);
        // As kube: without a port number the service itself is not read, its Endpoints are.
        var missing = await Kubectl.RunAsync("get", "--raw", $"{api}/services/nothere/proxy/");
        Assert.Contains("endpoints \"nothere\" not found", missing.Stderr);

        // RBAC sees the subresource as kube does: GET on services/NAME:PORT/proxy is the verb get on services/proxy.
        (await Kubectl.RunAsync("create", "role", "proxy-viewer", "-n", ns, "--verb=get", "--resource=services/proxy")).EnsureSuccess();
        (await Kubectl.RunAsync("create", "rolebinding", "proxy-viewer", "-n", ns, "--role=proxy-viewer", "--user=viewer")).EnsureSuccess();
        await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "--raw", $"{api}/services/web:80/proxy/", "--as=viewer")).ExitCode == 0,
            Converge, "the viewer's role to apply");
        var forbidden = await Kubectl.RunAsync("get", "--raw", $"{api}/pods/{pod}/proxy/", "--as=viewer");
        Assert.Contains("cannot get resource \"pods/proxy\"", forbidden.Stderr);

        var port = FreePort.Next();
        using var proxy = Kubectl.Start("proxy", "--address=127.0.0.1", $"--port={port}");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
            var root = $"http://127.0.0.1:{port}{api}/services/web:80/proxy";
            var body = await Poll.UntilAsync(async () =>
            {
                try { return await http.GetStringAsync(root + "/"); }
                catch (HttpRequestException) { return null; }
            }, b => b is not null, Converge, "kubectl proxy to serve the service");
            Assert.Equal(pod, body!.Trim());
            // ".../proxy" without a slash is redirected to ".../proxy/", which the client follows.
            Assert.Equal(pod, (await http.GetStringAsync(root, TestContext.Current.CancellationToken)).Trim());
            using var notFound = await http.GetAsync(root + "/no-such-file", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            // Any method goes through, with its body.
            using var posted = await http.PostAsync($"http://127.0.0.1:{port}{api}/pods/{pod}:8080/proxy/cgi-bin/echo",
                new StringContent("posted through the proxy"), TestContext.Current.CancellationToken);
            Assert.Equal("POST\nposted through the proxy", (await posted.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Trim());
        }
        finally
        {
            Stop(proxy);
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
    }
}
