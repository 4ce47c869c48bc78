using System.Text.Json.Nodes;
using Orleans.Kube.Model;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>metadata.generateName for the API and controllers alike: the prefix plus a random suffix, another suffix on a collision.</summary>
public static class GeneratedNames
{
    /// <summary>How many times a colliding name is retried before the 409 is the answer (kube retries too).</summary>
    private const int Retries = 5;

    /// <summary>Creates <paramref name="obj"/> under a name generated from <paramref name="prefix"/>; returns the name used and the result.</summary>
    public static async Task<(string Name, ApiResult Result)> CreateWithGeneratedNameAsync(
        this IGrainFactory grains, ResourceKind kind, string? ns, string prefix, JsonObject obj, WriteOptions options)
    {
        var body = KubeJson.Write(obj);
        for (var attempt = 0; ; attempt++)
        {
            var name = NameGenerator.Generate(prefix);
            var result = await grains.For(kind, ns, name).Create(body, options);
            if (result.Code != 409 || attempt == Retries)
                return (name, result);
        }
    }
}
