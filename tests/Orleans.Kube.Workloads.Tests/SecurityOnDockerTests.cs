using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Workloads.Tests;

/// <summary>
/// Admission and the pod security context with the real kubectl on real containers: Pod Security
/// enforce and warn, runAsUser and a read-only root, the runAsNonRoot refusal, a symlinked subPath,
/// Secret and Memory volumes on tmpfs, ResourceQuota and LimitRange.
/// </summary>
[Trait("Category", "E2E")]
public sealed class SecurityOnDockerTests(TwoNodeClusterFixture cluster)
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private Kubectl Kubectl => cluster.Kubectl;

    [Fact]
    public async Task RestrictedNamespaceRefusesTheRootHostPathPodAndRunsTheCompliantOneAsItsUser()
    {
        var ns = await NamespaceAsync("restricted", "pod-security.kubernetes.io/enforce=restricted");
        var attacker = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"attacker"},
             "spec":{"containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"],"securityContext":{"privileged":true,"runAsUser":0},
                                    "volumeMounts":[{"name":"host","mountPath":"/host"}]}],
                     "volumes":[{"name":"host","hostPath":{"path":"/"}}]}}
            """;
        var refused = await Kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], attacker);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(
            "pods \"attacker\" is forbidden: violates PodSecurity \"restricted:latest\": " +
            "privileged (container \"c\" must not set securityContext.privileged=true), " +
            "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "restricted volume types (volume \"host\" uses restricted volume type \"hostPath\"), " +
            "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), " +
            "runAsUser=0 (container \"c\" must not set runAsUser=0), " +
            "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            refused.Stderr);
        Assert.Contains("NotFound", (await Kubectl.RunAsync("get", "pod", "attacker", "-n", ns)).Stderr);

        var compliant = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"app"},
             "spec":{"terminationGracePeriodSeconds":1,
                     "securityContext":{"runAsNonRoot":true,"runAsUser":1000,"runAsGroup":3000,"fsGroup":2000,"seccompProfile":{"type":"RuntimeDefault"}},
                     "containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"],
                                    "securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]}},
                                    "volumeMounts":[{"name":"scratch","mountPath":"/scratch"}]}],
                     "volumes":[{"name":"scratch","emptyDir":{}}]}}
            """;
        (await Kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], compliant)).EnsureSuccess();
        await WaitRunningAsync(ns, "app");
        var ids = (await Kubectl.RunAsync("exec", "app", "-n", ns, "--", "busybox", "id")).EnsureSuccess().Stdout;
        Assert.Contains("uid=1000 gid=3000", ids);
        Assert.Contains("2000", ids); // fsGroup is a supplementary group
        var write = await Kubectl.RunAsync("exec", "app", "-n", ns, "--", "busybox", "touch", "/written");
        Assert.NotEqual(0, write.ExitCode);
        Assert.Contains("Read-only file system", write.Stdout + write.Stderr);
        // The emptyDir stays writable for the non-root user, as kubelet's 0777 directory is.
        (await Kubectl.RunAsync("exec", "app", "-n", ns, "--", "busybox", "touch", "/scratch/ok")).EnsureSuccess();
        var status = (await Kubectl.RunAsync("exec", "app", "-n", ns, "--", "cat", "/proc/self/status")).EnsureSuccess().Stdout;
        Assert.Contains("NoNewPrivs:\t1", status);
        Assert.Contains("CapEff:\t0000000000000000", status);
    }

    [Fact]
    public async Task WarnModePrintsKubesWarningAndAdmits()
    {
        var ns = await NamespaceAsync("warned", "pod-security.kubernetes.io/warn=baseline");
        var pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"loud"},
             "spec":{"nodeSelector":{"okube.test/none":"x"},"containers":[{"name":"c","image":"okube/busybox:1","securityContext":{"privileged":true}}]}}
            """;
        var created = (await Kubectl.RunAsync(["create", "-n", ns, "-f", "-"], pod)).EnsureSuccess();
        Assert.Contains("Warning: would violate PodSecurity \"baseline:latest\": privileged (container \"c\" must not set securityContext.privileged=true)", created.Stderr);
        Assert.Contains("pod/loud created", created.Stdout);
    }

    [Fact]
    public async Task RunAsNonRootRefusesARootImageWithKubeletsMessage()
    {
        var ns = await NamespaceAsync("nonroot");
        var pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"root"},
             "spec":{"securityContext":{"runAsNonRoot":true},"containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"]}]}}
            """;
        (await Kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], pod)).EnsureSuccess();
        var waiting = await Poll.UntilAsync(async () => JsonNode.Parse((await Kubectl.RunAsync("get", "pod", "root", "-n", ns, "-o", "json")).Stdout),
            p => p?["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CreateContainerConfigError",
            Converge, "the refusal");
        var uid = waiting!["metadata"]!["uid"]!.GetValue<string>();
        Assert.Equal($"container has runAsNonRoot and image will run as root (pod: \"root_{ns}({uid})\", container: c)",
            waiting["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASymlinkedSubPathIsRefusedAndNothingOfTheHostShows()
    {
        var ns = await NamespaceAsync("subpath");
        var pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"escape"},
             "spec":{"terminationGracePeriodSeconds":1,
                     "initContainers":[{"name":"plant","image":"okube/busybox:1","command":["busybox","ln","-s","/","/vol/escape"],
                                        "volumeMounts":[{"name":"vol","mountPath":"/vol"}]}],
                     "containers":[{"name":"main","image":"okube/busybox:1","command":["ls","/hostroot"],
                                    "volumeMounts":[{"name":"vol","mountPath":"/hostroot","subPath":"escape"}]}],
                     "volumes":[{"name":"vol","emptyDir":{}}]}}
            """;
        (await Kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], pod)).EnsureSuccess();
        var waiting = await Poll.UntilAsync(async () => JsonNode.Parse((await Kubectl.RunAsync("get", "pod", "escape", "-n", ns, "-o", "json")).Stdout),
            p => p?["status"]?["containerStatuses"]?[0]?["state"]?["waiting"]?["reason"]?.GetValue<string>() == "CreateContainerConfigError",
            Converge, "the subPath refusal");
        Assert.Equal("failed to prepare subPath for volumeMount \"vol\" of container \"main\"",
            waiting!["status"]!["containerStatuses"]![0]!["state"]!["waiting"]!["message"]!.GetValue<string>());
        // The container never ran, so nothing of the host was listed.
        Assert.Equal("", (await Kubectl.RunAsync("logs", "escape", "-n", ns, "-c", "main")).Stdout);
    }

    [Fact]
    public async Task SecretAndMemoryVolumesAreTmpfsThatOtherHostUsersCannotRead()
    {
        var ns = await NamespaceAsync("tmpfs");
        (await Kubectl.RunAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=token=s3cret")).EnsureSuccess();
        var pod = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"vault"},
             "spec":{"terminationGracePeriodSeconds":1,
                     "containers":[{"name":"c","image":"okube/busybox:1","command":["sleep","3600"],
                                    "volumeMounts":[{"name":"creds","mountPath":"/creds"},{"name":"mem","mountPath":"/mem"}]}],
                     "volumes":[{"name":"creds","secret":{"secretName":"creds"}},{"name":"mem","emptyDir":{"medium":"Memory","sizeLimit":"1Mi"}}]}}
            """;
        (await Kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], pod)).EnsureSuccess();
        var running = await WaitRunningAsync(ns, "vault");
        Assert.Equal("s3cret", (await Kubectl.RunAsync("exec", "vault", "-n", ns, "--", "cat", "/creds/token")).EnsureSuccess().Stdout);

        var mounts = (await Kubectl.RunAsync("exec", "vault", "-n", ns, "--", "cat", "/proc/mounts")).EnsureSuccess().Stdout;
        Assert.Matches(@"tmpfs /creds tmpfs", mounts);
        Assert.Matches(@"tmpfs /mem tmpfs", mounts);
        var full = await Kubectl.RunAsync("exec", "vault", "-n", ns, "--", "busybox", "dd", "if=/dev/zero", "of=/mem/fill", "bs=1024", "count=2048");
        Assert.NotEqual(0, full.ExitCode);
        Assert.Contains("No space left on device", full.Stdout + full.Stderr);

        // On the host: the Secret is on a tmpfs below a directory only root may enter.
        var uid = running["metadata"]!["uid"]!.GetValue<string>();
        var node = running["spec"]!["nodeName"]!.GetValue<string>();
        var volume = Path.Combine(Path.GetTempPath(), "okube", node, "pods", uid, "volumes", "creds");
        Assert.Contains($" {volume} tmpfs ", await File.ReadAllTextAsync("/proc/mounts", TestContext.Current.CancellationToken));
        var asNobody = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ProcessRunner.RunAsync("runuser", ["-u", "nobody", "--", "cat", Path.Combine(volume, "token")], TimeSpan.FromSeconds(10)));
        Assert.Contains("Permission denied", asNobody.Message);

        // Deleting the pod unmounts its tmpfs volumes before their directories go.
        (await Kubectl.RunAsync("delete", "pod", "vault", "-n", ns, "--wait=true")).EnsureSuccess();
        await Poll.UntilAsync(async () => !(await File.ReadAllTextAsync("/proc/mounts")).Contains(uid) && !Directory.Exists(volume),
            Converge, "the pod's tmpfs volumes to be unmounted and removed");
    }

    [Fact]
    public async Task LimitRangeFillsDefaultsAndResourceQuotaRefusesThePodPastItWithKubesMessage()
    {
        var ns = await NamespaceAsync("quota");
        var limits = """
            {"apiVersion":"v1","kind":"LimitRange","metadata":{"name":"defaults"},
             "spec":{"limits":[{"type":"Container","default":{"cpu":"200m","memory":"64Mi"}}]}}
            """;
        (await Kubectl.RunAsync(["apply", "-n", ns, "-f", "-"], limits)).EnsureSuccess();
        (await Kubectl.RunAsync("create", "quota", "q", "-n", ns, "--hard=pods=1,requests.cpu=1")).EnsureSuccess();
        string Pending(string name) => $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},
             "spec":{"nodeSelector":{"okube.test/none":"x"},"containers":[{"name":"c","image":"okube/busybox:1"}]}}
            """;
        (await Kubectl.RunAsync(["create", "-n", ns, "-f", "-"], Pending("first"))).EnsureSuccess();
        var first = JsonNode.Parse((await Kubectl.RunAsync("get", "pod", "first", "-n", ns, "-o", "json")).EnsureSuccess().Stdout)!;
        var resources = first["spec"]!["containers"]![0]!["resources"]!;
        Assert.Equal("200m", resources["requests"]!["cpu"]!.GetValue<string>());
        Assert.Equal("64Mi", resources["limits"]!["memory"]!.GetValue<string>());
        Assert.Equal("LimitRanger plugin set: cpu, memory request for container c; cpu, memory limit for container c",
            first["metadata"]!["annotations"]!["kubernetes.io/limit-ranger"]!.GetValue<string>());

        var refused = await Kubectl.RunAsync(["create", "-n", ns, "-f", "-"], Pending("second"));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("pods \"second\" is forbidden: exceeded quota: q, requested: pods=1, used: pods=1, limited: pods=1", refused.Stderr);

        var quota = await Poll.UntilAsync(async () => JsonNode.Parse((await Kubectl.RunAsync("get", "quota", "q", "-n", ns, "-o", "json")).Stdout),
            q => q?["status"]?["used"]?["pods"]?.GetValue<string>() == "1", TimeSpan.FromSeconds(30), "the quota's used pods");
        Assert.Equal("200m", quota!["status"]!["used"]!["requests.cpu"]!.GetValue<string>());
        Assert.Equal("1", quota["status"]!["hard"]!["pods"]!.GetValue<string>());

        (await Kubectl.RunAsync("delete", "pod", "first", "-n", ns, "--wait=true")).EnsureSuccess();
        await Poll.UntilAsync(async () => JsonNode.Parse((await Kubectl.RunAsync("get", "quota", "q", "-n", ns, "-o", "json")).Stdout)?["status"]?["used"]?["pods"]?.GetValue<string>() == "0",
            TimeSpan.FromSeconds(30), "the quota to free the deleted pod");
        (await Kubectl.RunAsync(["create", "-n", ns, "-f", "-"], Pending("second"))).EnsureSuccess();
    }

    private async Task<JsonNode> WaitRunningAsync(string ns, string name) =>
        (await Poll.UntilAsync(async () => JsonNode.Parse((await Kubectl.RunAsync("get", "pod", name, "-n", ns, "-o", "json")).Stdout),
            p => p?["status"]?["containerStatuses"]?[0]?["state"]?["running"] is not null, Converge, $"{name} running"))!;

    private async Task<string> NamespaceAsync(string prefix, string? label = null)
    {
        var ns = $"{prefix}-{Guid.NewGuid().ToString("N")[..5]}";
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        if (label is not null)
            (await Kubectl.RunAsync("label", "namespace", ns, label)).EnsureSuccess();
        return ns;
    }
}
