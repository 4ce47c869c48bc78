using System.Text.Json.Nodes;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Tests;

/// <summary>PersistentVolume and PersistentVolumeClaim as kube defaults, validates and prints them, and StatefulSet's storage defaults.</summary>
public sealed class StorageKindsTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static JsonObject Defaulted(ResourceKind kind, string text)
    {
        var obj = JsonNode.Parse(text)!.AsObject();
        ObjectDefaults.Apply(kind, obj);
        return obj;
    }

    private static string Messages(ResourceKind kind, JsonObject obj) =>
        string.Join(" | ", ObjectValidator.Validate(kind, obj).Select(e => e.ToString()));

    [Fact]
    public void PersistentVolume_is_cluster_scoped_pv_defaulted_to_Retain_and_Pending()
    {
        Assert.False(ResourceKinds.PersistentVolume.Namespaced);
        Assert.Equal(["pv"], ResourceKinds.PersistentVolume.ShortNames);
        Assert.Equal(["pvc"], ResourceKinds.PersistentVolumeClaim.ShortNames);
        var pv = Defaulted(ResourceKinds.PersistentVolume, """
            {"metadata":{"name":"disk"},"spec":{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/srv/disk"}}}
            """);
        Assert.Equal("Retain", pv["spec"]!["persistentVolumeReclaimPolicy"]!.GetValue<string>());
        Assert.Equal("Filesystem", pv["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("Pending", pv["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("", Messages(ResourceKinds.PersistentVolume, pv));
    }

    [Theory]
    [InlineData("""{"capacity":{"storage":"1Gi"},"hostPath":{"path":"/x"}}""", "spec.accessModes: Required value: at least 1 access mode is required")]
    [InlineData("""{"accessModes":["ReadWriteOnce"],"hostPath":{"path":"/x"}}""", "spec.capacity: Required value")]
    [InlineData("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"]}""", "spec: Required value: must specify a volume type")]
    [InlineData("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteSometimes"],"hostPath":{"path":"/x"}}""",
        "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"")]
    [InlineData("""{"capacity":{"storage":"1Gi"},"accessModes":["ReadWriteOnce"],"local":{"path":"/x"}}""", "spec.nodeAffinity: Required value: Local volume requires node affinity")]
    public void PersistentVolume_validation_follows_kube(string spec, string expected)
    {
        var pv = Defaulted(ResourceKinds.PersistentVolume, $$"""{"metadata":{"name":"disk"},"spec":{{spec}}}""");
        Assert.Equal(expected, Messages(ResourceKinds.PersistentVolume, pv));
    }

    [Fact]
    public void A_claim_needs_access_modes_and_a_storage_request()
    {
        var claim = Defaulted(ResourceKinds.PersistentVolumeClaim, """{"metadata":{"name":"data","namespace":"default"},"spec":{"accessModes":["ReadWriteOnce"]}}""");
        Assert.Equal("spec.resources[storage]: Required value", Messages(ResourceKinds.PersistentVolumeClaim, claim));
        claim["spec"]!["resources"] = JsonNode.Parse("""{"requests":{"storage":"1Gi"}}""");
        Assert.Equal("", Messages(ResourceKinds.PersistentVolumeClaim, claim));
    }

    [Fact]
    public void Volumes_and_claims_print_kubes_columns()
    {
        Assert.Equal("Name|Capacity|Access Modes|Reclaim Policy|Status|Claim|StorageClass|VolumeAttributesClass|Reason|Age|VolumeMode",
            string.Join("|", TablePrinters.Columns("persistentvolumes").Select(c => c.Name)));
        var pv = TablePrinters.Cells("persistentvolumes", JsonNode.Parse("""
            {"metadata":{"name":"pvc-1","creationTimestamp":"2025-01-01T11:58:00Z"},
             "spec":{"capacity":{"storage":"64Mi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Delete",
                     "claimRef":{"namespace":"ns","name":"data-web-0"},"storageClassName":"local-path","volumeMode":"Filesystem"},
             "status":{"phase":"Bound"}}
            """)!.AsObject(), Now);
        Assert.Equal(["pvc-1", "64Mi", "RWO,RWX", "Delete", "Bound", "ns/data-web-0", "local-path", "<unset>", "", "2m", "Filesystem"], pv);

        Assert.Equal("Name|Status|Volume|Capacity|Access Modes|StorageClass|VolumeAttributesClass|Age|VolumeMode",
            string.Join("|", TablePrinters.Columns("persistentvolumeclaims").Select(c => c.Name)));
        var pending = TablePrinters.Cells("persistentvolumeclaims", JsonNode.Parse("""
            {"metadata":{"name":"data","creationTimestamp":"2025-01-01T11:58:00Z"},
             "spec":{"accessModes":["ReadWriteOnce"],"storageClassName":"local-path","volumeMode":"Filesystem"},"status":{"phase":"Pending"}}
            """)!.AsObject(), Now);
        Assert.Equal(["data", "Pending", "", "", "", "local-path", "<unset>", "2m", "Filesystem"], pending);
    }

    [Fact]
    public void StatefulSet_defaults_as_kube_and_validates_its_claim_templates()
    {
        var set = Defaulted(ResourceKinds.StatefulSet, """
            {"metadata":{"name":"web","namespace":"default"},"spec":{"serviceName":"web","selector":{"matchLabels":{"app":"web"}},
             "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"i"}]}},
             "volumeClaimTemplates":[{"metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"]}}]}}
            """);
        var spec = set["spec"]!;
        Assert.Equal("OrderedReady", spec["podManagementPolicy"]!.GetValue<string>());
        Assert.Equal(0, spec["updateStrategy"]!["rollingUpdate"]!["partition"]!.GetValue<int>());
        Assert.Equal("Retain", spec["persistentVolumeClaimRetentionPolicy"]!["whenScaled"]!.GetValue<string>());
        Assert.Equal("Filesystem", spec["volumeClaimTemplates"]![0]!["spec"]!["volumeMode"]!.GetValue<string>());
        Assert.Equal("spec.volumeClaimTemplates[0].spec.resources[storage]: Required value", Messages(ResourceKinds.StatefulSet, set));
    }
}
