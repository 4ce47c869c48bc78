using System.Text.Json.Nodes;
using Orleans.Kube.Testing;
using Xunit;

namespace Orleans.Kube.Api.Tests;

/// <summary>
/// managedFields with the real kubectl: imperative commands own what they change (Update entries), server-side
/// apply conflicts with them, and kubectl's client-side to server-side apply migration drops what the manifest dropped.
/// </summary>
[Trait("Category", "E2E")]
public sealed class FieldOwnershipTests(ApiClusterFixture cluster)
{
    private Kubectl Kubectl => cluster.Kubectl;

    private async Task<JsonObject> GetAsync(string ns, string name) =>
        JsonNode.Parse((await Kubectl.RunAsync("get", "configmap", name, "-n", ns, "-o", "json", "--show-managed-fields")).EnsureSuccess().Stdout)!.AsObject();

    private static JsonObject? Entry(JsonObject obj, string manager, string operation) =>
        obj["metadata"]!["managedFields"]?.AsArray().OfType<JsonObject>()
            .SingleOrDefault(e => (string?)e["manager"] == manager && (string?)e["operation"] == operation);

    private static string Manifest(string ns, params (string Key, string Value)[] data) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: settings, namespace: {ns}}}\ndata:\n"
        + string.Concat(data.Select(d => $"  {d.Key}: \"{d.Value}\"\n"));

    [Fact]
    public async Task ImperativeWritesOwnTheirFieldsAndServerSideApplyConflictsWithThem()
    {
        const string ns = "own-update";
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await Kubectl.RunAsync("create", "configmap", "settings", "-n", ns, "--from-literal=mode=fast")).EnsureSuccess();
        var created = Entry(await GetAsync(ns, "settings"), "kubectl-create", "Update");
        Assert.NotNull(created);
        Assert.Equal("""{"f:data":{".":{},"f:mode":{}}}""", created!["fieldsV1"]!.ToJsonString());
        Assert.Equal("v1", (string?)created["apiVersion"]);
        Assert.Equal("FieldsV1", (string?)created["fieldsType"]);

        (await Kubectl.RunAsync("patch", "configmap", "settings", "-n", ns, "-p", """{"data":{"mode":"slow"}}""")).EnsureSuccess();
        var patched = await GetAsync(ns, "settings");
        // The patch took the value; the creator keeps owning the map it made (".").
        Assert.Equal("""{"f:data":{}}""", Entry(patched, "kubectl-create", "Update")!["fieldsV1"]!.ToJsonString());
        Assert.Equal("""{"f:data":{"f:mode":{}}}""", Entry(patched, "kubectl-patch", "Update")!["fieldsV1"]!.ToJsonString());

        var conflict = await Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifest(ns, ("mode", "turbo")));
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl-patch\" using v1: .data.mode", conflict.Stderr);

        (await Kubectl.RunAsync(["apply", "--server-side", "--force-conflicts", "-f", "-"], Manifest(ns, ("mode", "turbo")))).EnsureSuccess();
        var forced = await GetAsync(ns, "settings");
        Assert.Equal("turbo", (string?)forced["data"]!["mode"]);
        Assert.Null(Entry(forced, "kubectl-patch", "Update"));
        Assert.Equal("""{"f:data":{"f:mode":{}}}""", Entry(forced, "kubectl", "Apply")!["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public async Task ServerSideApplyAfterClientSideApplyTakesOverAndRemovesWhatTheManifestDropped()
    {
        const string ns = "own-migrate";
        (await Kubectl.RunAsync("create", "namespace", ns)).EnsureSuccess();
        (await Kubectl.RunAsync(["apply", "-f", "-"], Manifest(ns, ("keep", "1"), ("drop", "2")))).EnsureSuccess();
        Assert.NotNull(Entry(await GetAsync(ns, "settings"), "kubectl-client-side-apply", "Update"));

        // A changed value the client-side apply owned is no conflict while the live value is still the last-applied one.
        var migrated = await Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifest(ns, ("keep", "2")));
        migrated.EnsureSuccess();
        Assert.DoesNotContain("Warning", migrated.Stderr);

        var obj = await GetAsync(ns, "settings");
        Assert.Equal("""{"keep":"2"}""", obj["data"]!.ToJsonString());
        Assert.Null(Entry(obj, "kubectl-client-side-apply", "Update"));
        Assert.NotNull(Entry(obj, "kubectl", "Apply"));
        var lastApplied = JsonNode.Parse((string)obj["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]!)!;
        Assert.Equal("""{"keep":"2"}""", lastApplied["data"]!.ToJsonString());

        // The server keeps the annotation current on later server-side applies, so client-side apply still diffs right.
        (await Kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifest(ns, ("keep", "2"), ("added", "3")))).EnsureSuccess();
        var later = await GetAsync(ns, "settings");
        Assert.Contains("\"added\"", (string)later["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]!);
        (await Kubectl.RunAsync(["apply", "-f", "-"], Manifest(ns, ("keep", "2")))).EnsureSuccess();
        Assert.Equal("""{"keep":"2"}""", (await GetAsync(ns, "settings"))["data"]!.ToJsonString());
    }
}
