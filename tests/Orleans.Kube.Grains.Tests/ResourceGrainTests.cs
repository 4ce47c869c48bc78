using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Tests;

/// <summary>The single writer every object has: create, update, conflicts, finalizers and owner cascades (on the generic stored-object grain).</summary>
public sealed class ResourceGrainTests(GrainClusterFixture cluster)
{
    private readonly Objects objects = new(cluster.Grains, cluster.Store);

    private static string ConfigMap(string name, string extraMetadata = "") =>
        $$$"""{"metadata":{"name":"{{{name}}}"{{{extraMetadata}}}},"data":{"k":"v"}}""";

    [Fact]
    public async Task Create_stores_the_object_with_server_fields_and_a_second_create_is_AlreadyExists()
    {
        var ns = await objects.NamespaceAsync("rg-create");

        var created = await objects.CreateAsync(ResourceKinds.ConfigMap, ns, ConfigMap("web"));
        var again = await objects.CreateAsync(ResourceKinds.ConfigMap, ns, ConfigMap("web"));

        Assert.Equal(201, created.Code);
        var obj = JsonNode.Parse(created.Body)!;
        Assert.Equal("ConfigMap", obj["kind"]!.GetValue<string>());
        Assert.Equal(ns, obj["metadata"]!["namespace"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(obj["metadata"]!["uid"]!.GetValue<string>()));
        Assert.NotNull(await cluster.Store.GetAsync("configmaps", ns, "web", TestContext.Current.CancellationToken));
        Assert.Equal(409, again.Code);
        Assert.Contains("AlreadyExists", again.Body);
    }

    [Fact]
    public async Task An_invalid_object_or_a_missing_namespace_is_refused_and_nothing_is_stored()
    {
        var ns = await objects.NamespaceAsync("rg-invalid");

        var invalid = await objects.CreateAsync(ResourceKinds.StorageClass, "", """{"metadata":{"name":"rg-bad"},"provisioner":"p","reclaimPolicy":"Recycle"}""");
        var nowhere = await objects.CreateAsync(ResourceKinds.ConfigMap, "rg-missing", ConfigMap("web"));

        Assert.Equal(422, invalid.Code);
        Assert.Contains("StorageClass.storage.k8s.io \\\"rg-bad\\\" is invalid", invalid.Body);
        Assert.Null(await cluster.Store.GetAsync("storageclasses.storage.k8s.io", "", "rg-bad", TestContext.Current.CancellationToken));
        Assert.Equal(404, nowhere.Code);
        Assert.Null(await cluster.Store.GetAsync("configmaps", "rg-missing", "web", TestContext.Current.CancellationToken));
        Assert.NotNull(ns);
    }

    [Fact]
    public async Task An_update_from_a_stale_resourceVersion_is_a_Conflict_and_a_current_one_applies()
    {
        var ns = await objects.NamespaceAsync("rg-update");
        var first = JsonNode.Parse((await objects.CreateAsync(ResourceKinds.ConfigMap, ns, ConfigMap("web"))).Body)!.AsObject();
        var rv = first["metadata"]!["resourceVersion"]!.GetValue<string>();

        var updated = first.DeepClone().AsObject();
        updated["data"]!["k"] = "v2";
        var ok = await objects.Grain(ResourceKinds.ConfigMap, ns, "web").Replace(updated.ToJsonString(), WriteOptions.Default);
        var stale = updated.DeepClone().AsObject();
        stale["data"]!["k"] = "v3";
        var conflict = await objects.Grain(ResourceKinds.ConfigMap, ns, "web").Replace(stale.ToJsonString(), WriteOptions.Default);

        Assert.Equal(200, ok.Code);
        Assert.NotEqual(rv, JsonNode.Parse(ok.Body)!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(409, conflict.Code);
        Assert.Equal("v2", (await objects.GetAsync(ResourceKinds.ConfigMap, ns, "web"))!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_finalizer_holds_a_deletion_until_it_is_removed()
    {
        var ns = await objects.NamespaceAsync("rg-finalizer");
        await objects.CreateAsync(ResourceKinds.ConfigMap, ns, ConfigMap("held", ""","finalizers":["example.com/hold"]"""));

        var deleted = await objects.Grain(ResourceKinds.ConfigMap, ns, "held").Delete(DeleteRequest.Default);
        var marked = await objects.GetAsync(ResourceKinds.ConfigMap, ns, "held");
        var released = await objects.MergePatchAsync(ResourceKinds.ConfigMap, ns, "held", """{"metadata":{"finalizers":null}}""");

        Assert.Equal(200, deleted.Code);
        Assert.NotNull(marked!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(200, released.Code);
        Assert.Null(await objects.GetAsync(ResourceKinds.ConfigMap, ns, "held"));
        Assert.Null(await cluster.Store.GetAsync("configmaps", ns, "held", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Deleting_an_owner_deletes_its_dependents_of_any_kind()
    {
        var ns = await objects.NamespaceAsync("rg-cascade");
        var owner = JsonNode.Parse((await objects.CreateAsync(ResourceKinds.ConfigMap, ns, ConfigMap("owner"))).Body)!.AsObject();
        var reference = OwnerReferences.ControlledBy(ResourceKinds.ConfigMap, owner).ToJsonString();
        await objects.CreateAsync(ResourceKinds.ConfigMap, ns, ConfigMap("child-cm", $$$""","ownerReferences":[{{{reference}}}]"""));
        await objects.CreateAsync(ResourceKinds.Secret, ns, $$$"""{"metadata":{"name":"child-secret","ownerReferences":[{{{reference}}}]}}""");

        await objects.Grain(ResourceKinds.ConfigMap, ns, "owner").Delete(DeleteRequest.Default);

        Assert.Null(await cluster.Store.GetAsync("configmaps", ns, "child-cm", TestContext.Current.CancellationToken));
        Assert.Null(await cluster.Store.GetAsync("secrets", ns, "child-secret", TestContext.Current.CancellationToken));
    }
}
