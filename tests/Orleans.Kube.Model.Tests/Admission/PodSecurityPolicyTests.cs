using System.Text.Json.Nodes;
using Orleans.Kube.Model.Admission;

namespace Orleans.Kube.Model.Tests.Admission;

public sealed class PodSecurityPolicyTests
{
    /// <summary>The attacker's pod of issue 15: root, privileged, the host's "/" mounted.</summary>
    private static JsonObject RootHostPathPod() => JsonNode.Parse("""
        {"containers":[{"name":"c","image":"busybox","securityContext":{"privileged":true,"runAsUser":0}}],
         "volumes":[{"name":"host","hostPath":{"path":"/"}}]}
        """)!.AsObject();

    private static JsonObject CompliantPod() => JsonNode.Parse("""
        {"securityContext":{"runAsNonRoot":true,"runAsUser":1000,"seccompProfile":{"type":"RuntimeDefault"}},
         "containers":[{"name":"c","image":"busybox","securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}}}],
         "volumes":[{"name":"scratch","emptyDir":{}}]}
        """)!.AsObject();

    [Fact]
    public void Restricted_lists_every_violation_of_the_root_hostPath_pod_in_kubes_order()
    {
        var violations = PodSecurityPolicy.Evaluate("restricted", RootHostPathPod());
        Assert.Equal(
            "privileged (container \"c\" must not set securityContext.privileged=true), " +
            "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "restricted volume types (volume \"host\" uses restricted volume type \"hostPath\"), " +
            "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), " +
            "runAsUser=0 (container \"c\" must not set runAsUser=0), " +
            "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            PodSecurityPolicy.Describe(violations));
    }

    [Fact]
    public void Baseline_names_privileged_and_hostPath_only()
    {
        var violations = PodSecurityPolicy.Evaluate("baseline", RootHostPathPod());
        Assert.Equal("privileged (container \"c\" must not set securityContext.privileged=true), hostPath volumes (volume \"host\")",
            PodSecurityPolicy.Describe(violations));
    }

    [Fact]
    public void A_compliant_pod_passes_every_level_and_privileged_passes_everything()
    {
        Assert.Empty(PodSecurityPolicy.Evaluate("restricted", CompliantPod()));
        Assert.Empty(PodSecurityPolicy.Evaluate("baseline", CompliantPod()));
        Assert.Empty(PodSecurityPolicy.Evaluate("privileged", RootHostPathPod()));
    }

    [Fact]
    public void Host_namespaces_ports_capabilities_and_explicit_bad_values_read_as_kube_writes_them()
    {
        var spec = JsonNode.Parse("""
            {"hostPID":true,"hostNetwork":true,
             "securityContext":{"runAsNonRoot":false,"seccompProfile":{"type":"Unconfined"}},
             "containers":[
               {"name":"a","image":"x","ports":[{"containerPort":80,"hostPort":8080}],"securityContext":{"capabilities":{"add":["NET_ADMIN","CHOWN"]}}},
               {"name":"b","image":"x","ports":[{"containerPort":81,"hostPort":8081}]}]}
            """)!.AsObject();
        Assert.Equal(
            "host namespaces (hostNetwork=true, hostPID=true), " +
            "hostPort (containers \"a\", \"b\" use hostPorts 8080, 8081), " +
            "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\"), " +
            "non-default capabilities (container \"a\" must not include \"NET_ADMIN\" in securityContext.capabilities.add)",
            PodSecurityPolicy.Describe(PodSecurityPolicy.Evaluate("baseline", spec)));
        var restricted = PodSecurityPolicy.Describe(PodSecurityPolicy.Evaluate("restricted", spec));
        Assert.Contains("unrestricted capabilities (containers \"a\", \"b\" must set securityContext.capabilities.drop=[\"ALL\"]; container \"a\" must not include \"CHOWN\", \"NET_ADMIN\" in securityContext.capabilities.add)", restricted);
        Assert.Contains("runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)", restricted);
    }

    [Fact]
    public void Namespace_labels_choose_the_level_and_fail_closed_on_nonsense()
    {
        var labels = new Dictionary<string, string>
        {
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["pod-security.kubernetes.io/enforce-version"] = "v1.30",
            ["pod-security.kubernetes.io/warn"] = "bogus",
        };
        Assert.Equal("restricted:v1.30", PodSecurityLabels.For(labels, "enforce").ToString());
        Assert.Equal("restricted:latest", PodSecurityLabels.For(labels, "warn").ToString());
        Assert.Equal("privileged:latest", PodSecurityLabels.For(labels, "audit").ToString());
    }
}
