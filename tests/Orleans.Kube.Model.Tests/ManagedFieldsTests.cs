using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.FieldManagement;

namespace Orleans.Kube.Model.Tests;

/// <summary>Update operations record kube's managedFields shape: FieldsV1 with "." for what appeared, one entry per manager.</summary>
public sealed class ManagedFieldsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    private static JsonObject Deployment() => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"dev","uid":"u1","creationTimestamp":"2026-12-03T20:00:00Z","generation":1,"labels":{"app":"web"}},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},
                 "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
                 "template":{"metadata":{"labels":{"app":"web"}},
                             "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],"resources":{}}]}}},
         "status":{}}
        """)!.AsObject();

    [Fact]
    public void CreateRecordsEveryFieldItSetExceptIdentityAndBookkeeping()
    {
        var created = Deployment();
        ManagedFields.RecordUpdate(null, created, "kubectl-create", ResourceKinds.Deployment, "", T0);

        var entry = Assert.Single(created["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal("""
            {"manager":"kubectl-create","operation":"Update","apiVersion":"apps/v1","time":"2026-12-03T20:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},"f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},"f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{},"f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}},"f:resources":{}}}}}}}}
            """, entry.ToJsonString(KubeJson.Options));
    }

    [Fact]
    public void AnUpdateTakesTheFieldsItChangesAndAStatusWriteGetsItsOwnEntry()
    {
        var created = Deployment();
        ManagedFields.RecordUpdate(null, created, "kubectl-create", ResourceKinds.Deployment, "", T0);
        var scaled = (JsonObject)created.DeepClone();
        scaled["spec"]!["replicas"] = 3;
        ManagedFields.RecordUpdate(created, scaled, "kubectl", ResourceKinds.Deployment, "scale", T0.AddMinutes(1));
        var reported = (JsonObject)scaled.DeepClone();
        reported["status"] = JsonNode.Parse("""{"replicas":3}""");
        ManagedFields.RecordUpdate(scaled, reported, "kube-controller-manager", ResourceKinds.Deployment, "status", T0.AddMinutes(2));
        var again = (JsonObject)reported.DeepClone();
        again["status"]!["replicas"] = 2;
        ManagedFields.RecordUpdate(reported, again, "kube-controller-manager", ResourceKinds.Deployment, "status", T0.AddMinutes(3));

        var entries = ManagedFields.Read(again);
        Assert.Equal(["kubectl-create/", "kubectl/scale", "kube-controller-manager/status"], entries.Select(e => $"{e.Manager}/{e.Subresource}"));
        Assert.False(entries[0].Fields.Contains("f:spec\nf:replicas"));
        Assert.True(entries[1].Fields.Contains("f:spec\nf:replicas"));
        Assert.Equal("2026-12-03T20:03:00Z", entries[2].Time);
        Assert.Equal("\"kubectl\" with subresource \"scale\" using apps/v1", entries[1].Printed);

        // A write that changes nothing keeps the entries byte for byte.
        var same = (JsonObject)again.DeepClone();
        ManagedFields.RecordUpdate(again, same, "someone", ResourceKinds.Deployment, "", T0.AddMinutes(4));
        Assert.True(JsonNode.DeepEquals(again, same));
    }

    [Fact]
    public void RemovedFieldsLeaveEveryManagerAndRequestedEntriesReplaceTheLiveOnes()
    {
        var created = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["a/b"]},"data":{"a":"1","b":"2"}}""")!.AsObject();
        ManagedFields.RecordUpdate(null, created, "kubectl-client-side-apply", ResourceKinds.ConfigMap, "", T0);
        Assert.Equal("""{".":{},"v:\"a/b\"":{}}""", created["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:metadata"]!["f:finalizers"]!.ToJsonString(KubeJson.Options));
        var edited = (JsonObject)created.DeepClone();
        ((JsonObject)edited["data"]!).Remove("b");
        ManagedFields.RecordUpdate(created, edited, "kubectl-edit", ResourceKinds.ConfigMap, "", T0);
        var entry = Assert.Single(ManagedFields.Read(edited));
        Assert.False(entry.Fields.Contains("f:data\nf:b"));

        var migrated = (JsonObject)edited.DeepClone();
        migrated["metadata"]!["managedFields"]![0]!["manager"] = "kubectl";
        migrated["metadata"]!["managedFields"]![0]!["operation"] = "Apply";
        ManagedFields.RecordUpdate(edited, migrated, "kubectl", ResourceKinds.ConfigMap, "", T0);
        Assert.Equal("kubectl/Apply", string.Join(",", ManagedFields.Read(migrated).Select(e => $"{e.Manager}/{e.Operation}")));
    }
}
