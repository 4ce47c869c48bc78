using System.Text.Json.Nodes;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains.Tests;

/// <summary>How the node agent mounts a persistentVolumeClaim volume: the bound volume's directory, readOnly honoured, never a scratch directory.</summary>
[Trait("Category", "Unit")]
public sealed class ClaimVolumeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("okube-claims-").FullName;
    private readonly Dictionary<(string Kind, string Name), JsonObject> objects = [];

    public void Dispose() => Directory.Delete(root, recursive: true);

    private PodVolumes Volumes() => new(Path.Combine(root, "pods"), (kind, _, name) => Task.FromResult(objects.GetValueOrDefault((kind, name))));

    private static JsonObject Pod(bool claimReadOnly = false) => JsonNode.Parse("""
        {"metadata":{"name":"db","namespace":"ns","uid":"u1"},
         "spec":{"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data","readOnly":READONLY}}],
                 "containers":[{"name":"c","image":"i","volumeMounts":[{"name":"data","mountPath":"/data"}]}]}}
        """.Replace("READONLY", claimReadOnly ? "true" : "false"))!.AsObject();

    private void BoundClaim(string volumePath)
    {
        objects[("PersistentVolumeClaim", "data")] = JsonNode.Parse("""{"spec":{"volumeName":"pv-1"},"status":{"phase":"Bound"}}""")!.AsObject();
        objects[("PersistentVolume", "pv-1")] = new JsonObject
        {
            ["spec"] = new JsonObject { ["hostPath"] = new JsonObject { ["path"] = volumePath, ["type"] = "DirectoryOrCreate" } },
        };
    }

    [Fact]
    public async Task A_bound_claim_mounts_its_volumes_directory_which_outlives_the_pod()
    {
        var path = Path.Combine(root, "volumes", "pv-1");
        BoundClaim(path);
        var volumes = Volumes();
        var pod = Pod();
        await volumes.EnsureAsync(pod, strict: true);

        var mount = Assert.Single(volumes.Mounts(pod, (JsonObject)pod["spec"]!["containers"]![0]!));
        Assert.Equal(new MountSpec(path, "/data", false), mount);
        Assert.True(Directory.Exists(path));
        volumes.Remove("u1");
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public async Task ReadOnly_on_the_claim_source_makes_the_mount_read_only()
    {
        BoundClaim(Path.Combine(root, "volumes", "pv-1"));
        var volumes = Volumes();
        var pod = Pod(claimReadOnly: true);
        await volumes.EnsureAsync(pod, strict: true);
        Assert.True(Assert.Single(volumes.Mounts(pod, (JsonObject)pod["spec"]!["containers"]![0]!)).ReadOnly);
    }

    [Fact]
    public async Task A_missing_or_unbound_claim_keeps_the_container_from_starting()
    {
        var missing = await Assert.ThrowsAsync<ContainerConfigException>(() => Volumes().EnsureAsync(Pod(), strict: true));
        Assert.Equal("persistentvolumeclaim \"data\" not found", missing.Message);
        objects[("PersistentVolumeClaim", "data")] = JsonNode.Parse("""{"spec":{},"status":{"phase":"Pending"}}""")!.AsObject();
        var unbound = await Assert.ThrowsAsync<ContainerConfigException>(() => Volumes().EnsureAsync(Pod(), strict: true));
        Assert.Equal("persistentvolumeclaim \"data\" is not bound", unbound.Message);
    }
}
