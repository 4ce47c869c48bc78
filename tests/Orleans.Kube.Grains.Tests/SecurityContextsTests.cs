using System.Text.Json.Nodes;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains.Tests;

public sealed class SecurityContextsTests
{
    private static JsonObject Pod(string podContext, string containerContext) => JsonNode.Parse($$$"""
        {"metadata":{"name":"p","namespace":"ns","uid":"u-1"},
         "spec":{"securityContext":{{{podContext}}},"containers":[{"name":"c","image":"img","securityContext":{{{containerContext}}}}]}}
        """)!.AsObject();

    private static Task<ContainerSecurity> Resolve(JsonObject pod, string imageUser = "") =>
        SecurityContexts.ResolveAsync(pod, pod["spec"]!["containers"]![0]!.AsObject(), _ => Task.FromResult(imageUser));

    [Fact]
    public async Task The_containers_settings_win_and_every_field_reaches_the_runtime()
    {
        var security = await Resolve(Pod(
            """{"runAsUser":1000,"runAsGroup":3000,"fsGroup":2000,"supplementalGroups":[4000],"seccompProfile":{"type":"Unconfined"}}""",
            """{"runAsUser":1001,"readOnlyRootFilesystem":true,"allowPrivilegeEscalation":false,"capabilities":{"add":["NET_BIND_SERVICE"],"drop":["ALL"]}}"""));
        Assert.Equal("1001:3000", security.User);
        Assert.Equal([2000L, 4000L], security.SupplementalGroups);
        Assert.True(security.ReadOnlyRootFilesystem);
        Assert.True(security.NoNewPrivileges);
        Assert.Equal(["NET_BIND_SERVICE"], security.CapAdd);
        Assert.Equal(["ALL"], security.CapDrop);
        Assert.True(security.SeccompUnconfined);
        Assert.False(security.Privileged);
    }

    [Fact]
    public async Task A_group_alone_keeps_the_images_user()
    {
        Assert.Equal("app:5", (await Resolve(Pod("""{"runAsGroup":5}""", "{}"), "app:app")).User);
        Assert.Equal("0:5", (await Resolve(Pod("""{"runAsGroup":5}""", "{}"))).User);
        Assert.Null((await Resolve(Pod("{}", "{}"))).User);
    }

    [Fact]
    public async Task RunAsNonRoot_is_verified_against_the_image_with_kubelets_messages()
    {
        var nonRoot = Pod("""{"runAsNonRoot":true}""", "{}");
        Assert.Equal("container has runAsNonRoot and image will run as root (pod: \"p_ns(u-1)\", container: c)",
            (await Assert.ThrowsAsync<ContainerConfigException>(() => Resolve(nonRoot))).Message);
        Assert.Equal("container has runAsNonRoot and image has non-numeric user (app), cannot verify user is non-root (pod: \"p_ns(u-1)\", container: c)",
            (await Assert.ThrowsAsync<ContainerConfigException>(() => Resolve(nonRoot, "app"))).Message);
        Assert.Equal("container's runAsUser breaks non-root policy (pod: \"p_ns(u-1)\", container: c)",
            (await Assert.ThrowsAsync<ContainerConfigException>(() => Resolve(Pod("""{"runAsNonRoot":true}""", """{"runAsUser":0}""")))).Message);
        Assert.Null((await Resolve(nonRoot, "1000:1000")).User);
    }

    [Fact]
    public void Log_rotation_defaults_to_kubelets_10Mi_and_5_files()
    {
        Assert.Equal(new ContainerLogLimits(10 * 1024 * 1024, 5), new NodeAgentOptions().LogLimits());
    }
}
