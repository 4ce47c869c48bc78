using System.Text.Json.Nodes;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Protobuf;
using Orleans.Kube.Model.Selectors;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.Tests;

/// <summary>The kind registry, and the two kinds added as one declaration each (StorageClass, ControllerRevision).</summary>
public sealed class KindRegistryTests
{
    private static readonly DateTime Now = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static JsonObject Defaulted(ResourceKind kind, string text)
    {
        var obj = Json(text);
        ObjectDefaults.Apply(kind, obj);
        return obj;
    }

    private static string Messages(IReadOnlyList<FieldError> errors) => string.Join(" | ", errors.Select(e => e.ToString()));

    [Fact]
    public void Every_served_kind_is_unique_by_kind_by_resource_and_by_short_name()
    {
        Assert.Equal(ResourceKinds.All.Count, ResourceKinds.All.Select(k => k.Kind).Distinct().Count());
        Assert.Equal(ResourceKinds.All.Count, ResourceKinds.All.Select(k => k.GroupResource).Distinct().Count());
        var shortNames = ResourceKinds.All.SelectMany(k => k.ShortNames).ToList();
        Assert.Equal(shortNames.Count, shortNames.Distinct().Count());
    }

    [Fact]
    public void Validation_messages_qualify_kinds_by_their_full_group()
    {
        Assert.Equal("Deployment.apps \"x\" is invalid", ObjectValidator.FormatMessage("Deployment", "x", []));
        Assert.Equal("StorageClass.storage.k8s.io \"x\" is invalid", ObjectValidator.FormatMessage("StorageClass", "x", []));
        Assert.Equal("EndpointSlice.discovery.k8s.io \"x\" is invalid", ObjectValidator.FormatMessage("EndpointSlice", "x", []));
        Assert.Equal("Role.rbac.authorization.k8s.io \"x\" is invalid", ObjectValidator.FormatMessage("Role", "x", []));
        Assert.Equal("Pod \"x\" is invalid", ObjectValidator.FormatMessage("Pod", "x", []));
    }

    [Fact]
    public void Protobuf_roots_come_from_the_declarations_plus_the_accepted_bodies()
    {
        var roots = KubeProtoSchema.RootKinds.ToHashSet();

        Assert.Contains(("apps/v1", "Deployment"), roots);
        Assert.Contains(("v1", "Pod"), roots);
        Assert.Contains(("policy/v1", "Eviction"), roots);
        Assert.DoesNotContain(("apps/v1", "ReplicaSet"), roots);
    }

    // ---- StorageClass ---------------------------------------------------------------------------

    [Fact]
    public void StorageClass_is_served_cluster_scoped_as_sc()
    {
        var kind = ResourceKinds.ByPlural("storage.k8s.io", "v1", "storageclasses")!;

        Assert.False(kind.Namespaced);
        Assert.Equal(["sc"], kind.ShortNames);
        Assert.Equal("storageclasses.storage.k8s.io", kind.GroupResource);
    }

    [Fact]
    public void StorageClass_defaults_reclaim_policy_and_binding_mode_as_kube()
    {
        var sc = Defaulted(ResourceKinds.StorageClass, """{"metadata":{"name":"fast"},"provisioner":"example.com/fast"}""");

        Assert.Equal("Delete", sc["reclaimPolicy"]!.GetValue<string>());
        Assert.Equal("Immediate", sc["volumeBindingMode"]!.GetValue<string>());
        Assert.Empty(ObjectValidator.Validate(ResourceKinds.StorageClass, sc));
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"fast"},"provisioner":""}""", "provisioner: Required value")]
    [InlineData("""{"metadata":{"name":"fast"},"provisioner":"bad provisioner!"}""",
        "provisioner: Invalid value: \"bad provisioner!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("""{"metadata":{"name":"fast"},"provisioner":"p","reclaimPolicy":"Recycle"}""",
        "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"")]
    [InlineData("""{"metadata":{"name":"fast"},"provisioner":"p","volumeBindingMode":"Later"}""",
        "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"")]
    [InlineData("""{"metadata":{"name":"Fast"},"provisioner":"p"}""",
        "metadata.name: Invalid value: \"Fast\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    public void StorageClass_validation_follows_kube(string json, string expected)
    {
        var sc = Defaulted(ResourceKinds.StorageClass, json);

        Assert.Equal(expected, Messages(ObjectValidator.Validate(ResourceKinds.StorageClass, sc)));
    }

    [Fact]
    public void StorageClass_prints_provisioner_policy_mode_expansion_and_marks_the_default()
    {
        Assert.Equal("Name|Provisioner|ReclaimPolicy|VolumeBindingMode|AllowVolumeExpansion|Age",
            string.Join("|", TablePrinters.Columns("storageclasses").Select(c => c.Name)));

        var cells = TablePrinters.Cells("storageclasses", Json("""
            {"metadata":{"name":"standard","creationTimestamp":"2025-01-01T11:55:00Z",
             "annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
             "provisioner":"rancher.io/local-path","reclaimPolicy":"Retain","volumeBindingMode":"WaitForFirstConsumer"}
            """), Now);

        Assert.Equal(["standard (default)", "rancher.io/local-path", "Retain", "WaitForFirstConsumer", false, "5m"], cells);
    }

    [Fact]
    public void StorageClass_is_selectable_by_name_only()
    {
        FieldLabels.Check("StorageClass", FieldSelector.Parse("metadata.name=fast"));
        Assert.Throws<SelectorException>(() => FieldLabels.Check("StorageClass", FieldSelector.Parse("provisioner=p")));
    }

    // ---- ControllerRevision ---------------------------------------------------------------------

    [Fact]
    public void ControllerRevision_is_served_namespaced_in_apps()
    {
        var kind = ResourceKinds.ByPlural("apps", "v1", "controllerrevisions")!;

        Assert.True(kind.Namespaced);
        Assert.Equal("ControllerRevision", kind.Kind);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"web-1","namespace":"default"},"data":{"spec":{}},"revision":1}""", "")]
    [InlineData("""{"metadata":{"name":"web-1","namespace":"default"},"revision":1}""", "data: Required value: data is mandatory")]
    [InlineData("""{"metadata":{"name":"web-1","namespace":"default"},"data":{},"revision":-1}""",
        "revision: Invalid value: -1: must be greater than or equal to 0")]
    public void ControllerRevision_validation_follows_kube(string json, string expected)
    {
        Assert.Equal(expected, Messages(ObjectValidator.Validate(ResourceKinds.ControllerRevision, Json(json))));
    }

    [Fact]
    public void ControllerRevision_prints_its_controller_as_kind_dot_group_slash_name()
    {
        Assert.Equal("Name|Controller|Revision|Age",
            string.Join("|", TablePrinters.Columns("controllerrevisions").Select(c => c.Name)));

        var owned = TablePrinters.Cells("controllerrevisions", Json("""
            {"metadata":{"name":"web-7d9f","creationTimestamp":"2025-01-01T11:55:00Z",
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"DaemonSet","name":"web","uid":"u","controller":true}]},
             "revision":3}
            """), Now);
        var orphan = TablePrinters.Cells("controllerrevisions", Json("""{"metadata":{"name":"x"},"revision":1}"""), Now);

        Assert.Equal(["web-7d9f", "daemonset.apps/web", 3L, "5m"], owned);
        Assert.Equal("<none>", orphan[1]);
    }
}
