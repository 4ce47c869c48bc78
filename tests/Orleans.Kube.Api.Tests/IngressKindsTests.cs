using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// Ingress and IngressClass through the real kubectl: discovered, the default class installed on first start and
/// filled into a class-less Ingress, kube's validation messages, printed columns. (Traffic is in the Workloads tests.)
/// </summary>
[Trait("Category", "E2E")]
public sealed class IngressKindsTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task IngressesAreDiscoveredGetTheDefaultClassAndAreValidatedAndPrintedAsKube()
    {
        var resources = (await Kubectl.RunAsync("api-resources", "--api-group=networking.k8s.io")).EnsureSuccess().Stdout;
        Assert.Matches(@"ingressclasses\s+networking.k8s.io/v1\s+false\s+IngressClass", resources);
        Assert.Matches(@"ingresses\s+ing\s+networking.k8s.io/v1\s+true\s+Ingress", resources);

        var classes = await Poll.UntilAsync(async () => (await Kubectl.RunAsync("get", "ingressclass")).Stdout,
            s => s.Contains("okube"), TimeSpan.FromSeconds(30), "the default IngressClass");
        Assert.Matches(@"NAME\s+CONTROLLER\s+PARAMETERS\s+AGE\s*\nokube\s+okube.io/ingress\s+<none>\s+\d+", classes);

        (await Kubectl.RunAsync("create", "ingress", "kinds-web", "--rule=web.example.test/api*=web:http", "--rule=other.example.test/=other:80")).EnsureSuccess();
        var table = (await Kubectl.RunAsync("get", "ing", "kinds-web")).EnsureSuccess().Stdout;
        Assert.Matches(@"NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE\s*\nkinds-web\s+okube\s+web.example.test,other.example.test\s+80\s+\d+s", table);
        var paths = (await Kubectl.RunAsync("get", "ing", "kinds-web", "-o", "jsonpath={.spec.rules[*].http.paths[*].pathType}")).EnsureSuccess().Stdout;
        Assert.Equal("Prefix Exact", paths);

        var refused = await Kubectl.RunAsync(["apply", "-f", "-"], """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: kinds-bad}
            spec:
              rules:
              - host: 10.1.2.3
                http:
                  paths:
                  - {path: api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("The Ingress \"kinds-bad\" is invalid", refused.Stderr);
        Assert.Contains("spec.rules[0].host: Invalid value: \"10.1.2.3\": must be a DNS name, not an IP address", refused.Stderr);
        Assert.Contains("spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path", refused.Stderr);
        Assert.NotEqual(0, (await Kubectl.RunAsync("get", "ing", "kinds-bad")).ExitCode);

        (await Kubectl.RunAsync("delete", "ing", "kinds-web")).EnsureSuccess();
    }
}
