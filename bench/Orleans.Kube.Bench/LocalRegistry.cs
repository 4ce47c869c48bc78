using Orleans.Kube.Runtime;

namespace Orleans.Kube.Bench;

/// <summary>
/// Checks that both benchmark images are in the loopback registry (for Swarm's per-task pull) and
/// in the Engine (for ours and raw, which do not pull). `./okube bench` puts them there.
/// </summary>
internal static class LocalRegistry
{
    public static async Task CheckAsync(DockerContainerRuntime runtime)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{Workload.Registry}"), Timeout = TimeSpan.FromSeconds(10) };
        string tags;
        try
        {
            tags = await http.GetStringAsync("/v2/okube/busybox/tags/list");
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"no registry with okube/busybox at {Workload.Registry} ({ex.Message}); run the bench through ./okube bench", ex);
        }
        foreach (var tag in new[] { 1, 2 })
        {
            if (!tags.Contains($"\"{tag}\"", StringComparison.Ordinal))
                throw new InvalidOperationException($"{Workload.Image(tag)} is not in the registry; run the bench through ./okube bench");
            await runtime.EnsureImageAsync(Workload.Image(tag), "Never", CancellationToken.None);
        }
    }
}
