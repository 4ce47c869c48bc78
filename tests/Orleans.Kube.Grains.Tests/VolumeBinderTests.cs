using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Tests;

/// <summary>The PersistentVolume binder on the in-process cluster: smallest fit, Pending with an event, Released after the claim.</summary>
public sealed class VolumeBinderTests(GrainClusterFixture cluster)
{
    private readonly Objects objects = new(cluster.Grains, cluster.Store);

    private static string Volume(string name, string size, string reclaim = "Retain") => """
        {"metadata":{"name":"NAME"},"spec":{"capacity":{"storage":"SIZE"},"accessModes":["ReadWriteOnce"],
         "persistentVolumeReclaimPolicy":"RECLAIM","hostPath":{"path":"/tmp/okube-binder-NAME"}}}
        """.Replace("NAME", name).Replace("SIZE", size).Replace("RECLAIM", reclaim);

    private static string Claim(string name, string size, string modes = "\"ReadWriteOnce\"") => """
        {"metadata":{"name":"NAME"},"spec":{"accessModes":[MODES],"storageClassName":"","resources":{"requests":{"storage":"SIZE"}}}}
        """.Replace("NAME", name).Replace("SIZE", size).Replace("MODES", modes);

    [Fact]
    public async Task A_claim_binds_the_smallest_fitting_volume_and_releases_it_when_deleted()
    {
        var ns = await objects.NamespaceAsync("binder");
        Assert.Equal(201, (await objects.CreateAsync(ResourceKinds.PersistentVolume, "", Volume("binder-big", "5Gi"))).Code);
        Assert.Equal(201, (await objects.CreateAsync(ResourceKinds.PersistentVolume, "", Volume("binder-small", "2Gi"))).Code);
        Assert.Equal(201, (await objects.CreateAsync(ResourceKinds.PersistentVolume, "", Volume("binder-tiny", "512Mi"))).Code);
        await objects.CreateAsync(ResourceKinds.PersistentVolumeClaim, ns, Claim("data", "1Gi"));

        var claim = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.PersistentVolumeClaim, ns, "data"),
            c => c!["status"]?["phase"]?.GetValue<string>() == "Bound", "claim Bound");
        Assert.Equal("binder-small", claim!["spec"]!["volumeName"]!.GetValue<string>());
        Assert.Equal("2Gi", claim["status"]!["capacity"]!["storage"]!.GetValue<string>());
        Assert.Contains("kubernetes.io/pvc-protection", claim.Finalizers());
        var volume = await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.PersistentVolume, "", "binder-small"),
            v => v!["status"]?["phase"]?.GetValue<string>() == "Bound", "volume Bound");
        Assert.Equal("data", volume!["spec"]!["claimRef"]!["name"]!.GetValue<string>());

        await objects.Grain(ResourceKinds.PersistentVolumeClaim, ns, "data").Delete(Orleans.Kube.Grains.Abstractions.DeleteRequest.Default);
        await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.PersistentVolumeClaim, ns, "data"), c => c is null, "claim gone");
        await Objects.UntilAsync(() => objects.GetAsync(ResourceKinds.PersistentVolume, "", "binder-small"),
            v => v!["status"]?["phase"]?.GetValue<string>() == "Released", "Retain: volume Released");
    }

    [Fact]
    public async Task A_claim_nothing_fits_stays_Pending_with_kubes_event()
    {
        var ns = await objects.NamespaceAsync("binder-none");
        await objects.CreateAsync(ResourceKinds.PersistentVolumeClaim, ns, Claim("huge", "1Ti", "\"ReadWriteMany\""));
        var events = await Objects.UntilAsync(() => objects.ListAsync(ResourceKinds.Event, ns), e => e.Count > 0, "an event");
        var failed = Assert.Single(events);
        Assert.Equal("FailedBinding", failed["reason"]!.GetValue<string>());
        Assert.Equal("no persistent volumes available for this claim and no storage class is set", failed["message"]!.GetValue<string>());
        Assert.Equal("Pending", (await objects.GetAsync(ResourceKinds.PersistentVolumeClaim, ns, "huge"))!["status"]!["phase"]!.GetValue<string>());
    }
}
