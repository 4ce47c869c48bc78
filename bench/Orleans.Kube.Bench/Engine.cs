using Docker.DotNet;
using Docker.DotNet.Models;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Bench;

/// <summary>
/// What really runs, straight from the Docker Engine: the ground truth every system is judged by.
/// A plain list (no inspect per container), so looking every 100 ms does not load the daemon.
/// </summary>
internal sealed class Engine : IDisposable
{
    private readonly DockerClient client = new DockerClientBuilder().WithEndpoint(DockerContainerRuntime.DefaultEndpoint).Build();

    public DockerClient Client => client;

    /// <summary>Containers in any state carrying the label "key=value".</summary>
    public async Task<IList<ContainerListResponse>> ContainersAsync(string label) =>
        await client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } },
        });

    /// <summary>True when exactly <paramref name="replicas"/> containers run, all from <paramref name="image"/>, none of them <paramref name="excluded"/>.</summary>
    public static bool Settled(IEnumerable<ContainerListResponse> containers, int replicas, string image, string? excluded = null)
    {
        var running = containers.Where(c => c.State == "running").ToList();
        return running.Count == replicas && running.All(c => IsImage(c.Image, image) && c.ID != excluded);
    }

    /// <summary>Swarm records the reference with the digest it resolved ("...:2@sha256:..."); ours and raw keep it as given.</summary>
    public static bool IsImage(string reference, string image) =>
        reference == image || reference.StartsWith(image + "@", StringComparison.Ordinal);

    /// <summary>SIGKILL, as `docker kill` sends it: the container dies without its orchestrator's help.</summary>
    public Task KillAsync(string id) => client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = "KILL" });

    public void Dispose() => client.Dispose();
}
