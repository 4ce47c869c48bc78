using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Tests;

/// <summary>Writes and reads API objects through their grains, as the REST front-end does, and polls for a condition.</summary>
public sealed class Objects(IGrainFactory grains, InMemoryResourceStore store)
{
    public const string Container = """{"name":"app","image":"okube/busybox:1"}""";

    public IResourceGrain Grain(ResourceKind kind, string ns, string name) => grains.For(kind, ns, name);

    public Task<ApiResult> CreateAsync(ResourceKind kind, string ns, string json) =>
        Grain(kind, ns, JsonNode.Parse(json)!["metadata"]!["name"]!.GetValue<string>()).Create(json, WriteOptions.Default);

    public async Task<string> NamespaceAsync(string name)
    {
        var created = await Grain(ResourceKinds.Namespace, "", name).Create($$$"""{"metadata":{"name":"{{{name}}}"}}""", WriteOptions.Default);
        Assert.Equal(201, created.Code);
        return name;
    }

    public async Task<JsonObject?> GetAsync(ResourceKind kind, string ns, string name)
    {
        var result = await Grain(kind, ns, name).Get();
        return result.IsSuccess ? JsonNode.Parse(result.Body)!.AsObject() : null;
    }

    public Task<ApiResult> MergePatchAsync(ResourceKind kind, string ns, string name, string patch) =>
        Grain(kind, ns, name).Patch(new PatchRequest(PatchTypes.Merge, patch), WriteOptions.Default);

    /// <summary>The stored objects of a kind in a namespace (the store, not a grain: what a list would return).</summary>
    public async Task<List<JsonObject>> ListAsync(ResourceKind kind, string ns) =>
        (await store.ListAsync(kind.GroupResource, ns)).Items.Select(o => JsonNode.Parse(o.Body)!.AsObject()).ToList();

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after 10 s.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var value = await read();
            if (condition(value))
                return value;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }
}
