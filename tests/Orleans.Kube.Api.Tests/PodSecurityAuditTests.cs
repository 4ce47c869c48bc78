using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// Pod Security's audit mode: a pod that violates the namespace's audit level is admitted, and its create's audit
/// event carries kube's pod-security.kubernetes.io/audit-violations and enforce-policy annotations.
/// </summary>
[Trait("Category", "E2E")]
public sealed class PodSecurityAuditTests(ApiClusterFixture cluster)
{
    private const string Ns = "psa-audit";

    [Fact]
    public async Task APodViolatingTheAuditLevelIsAdmittedAndItsAuditEventSaysWhy()
    {
        var kubectl = cluster.Kubectl;
        (await kubectl.RunAsync("create", "namespace", Ns)).EnsureSuccess();
        (await kubectl.RunAsync("label", "namespace", Ns, "pod-security.kubernetes.io/audit=restricted", "pod-security.kubernetes.io/enforce=baseline")).EnsureSuccess();

        var created = await kubectl.RunAsync(["apply", "-f", "-"], $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"audited","namespace":"{{{Ns}}}"},
             "spec":{"containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"]}]}}
            """);
        created.EnsureSuccess();
        Assert.DoesNotContain("Warning", created.Stderr);

        var annotations = await Poll.UntilAsync(() => Task.FromResult(PodCreateAnnotations()), a => a is not null, TimeSpan.FromSeconds(10),
            "the audit event of the pod's create");
        Assert.Equal("baseline:latest", annotations!["pod-security.kubernetes.io/enforce-policy"]!.GetValue<string>());
        var violations = annotations["pod-security.kubernetes.io/audit-violations"]!.GetValue<string>();
        Assert.StartsWith("would violate PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false", violations);
        Assert.Contains("runAsNonRoot != true", violations);
    }

    /// <summary>The annotations of the audit event of this test's pod create, or null while it is not written yet.</summary>
    private JsonObject? PodCreateAnnotations()
    {
        using var stream = new FileStream(cluster.AuditLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)
            .Where(e => e["verb"]?.GetValue<string>() is "create" or "patch" && e["objectRef"]?["resource"]?.GetValue<string>() == "pods"
                && e["objectRef"]?["namespace"]?.GetValue<string>() == Ns && e["responseStatus"]?["code"]?.GetValue<int>() is 200 or 201)
            .Select(e => e["annotations"] as JsonObject).FirstOrDefault();
    }
}
