using Docker.DotNet.Models;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Bench;

/// <summary>
/// The physical limit: no orchestrator, just the Engine API driven by the same runtime code our
/// node agent uses, <see cref="Workload.RawParallelism"/> requests at a time.
/// </summary>
internal sealed class RawContender(Engine engine, DockerContainerRuntime runtime) : Contender(engine)
{
    private const string LabelKey = "okube.bench.raw";
    private string run = "";
    private int serial;

    public override string Name => $"raw Engine API ({Workload.RawParallelism}-way)";
    public override bool Restarts => false;
    protected override string ContainerLabel => $"{LabelKey}={run}";

    protected override Task CreateAsync(int replicas, string image)
    {
        run = Guid.NewGuid().ToString("N")[..8];
        return AddAsync(replicas, image);
    }

    protected override async Task ResizeAsync(int replicas)
    {
        var running = await RunningAsync();
        if (replicas > running.Count)
            await AddAsync(replicas - running.Count, Image);
        else
            await StopAndRemoveAsync(running.Take(running.Count - replicas));
    }

    /// <summary>Stop-first batches, as Swarm's default update order: stop and remove a batch, start its replacements.</summary>
    protected override async Task RollAsync(string image)
    {
        var old = await RunningAsync();
        foreach (var batch in old.Chunk(Workload.UpdateBatch))
        {
            await StopAndRemoveAsync(batch);
            await AddAsync(batch.Length, image);
        }
    }

    protected override async Task RemoveAsync() => await StopAndRemoveAsync(await Engine.ContainersAsync(ContainerLabel));

    protected override Task<bool> ReportsSettledAsync() => Task.FromResult(true);

    public override async Task TearDownAsync()
    {
        if (run.Length > 0)
            await DeleteAsync();
    }

    private async Task<List<ContainerListResponse>> RunningAsync() =>
        (await Engine.ContainersAsync(ContainerLabel)).Where(c => c.State == "running").ToList();

    private Task AddAsync(int count, string image)
    {
        var labels = new Dictionary<string, string> { [LabelKey] = run };
        var names = Enumerable.Range(0, count).Select(_ => $"bench-raw-{run}-{Interlocked.Increment(ref serial)}").ToList();
        return ForEachAsync(names, async name =>
        {
            var id = await runtime.CreateAsync(new ContainerCreateRequest(name, image, Workload.Command, null,
                new Dictionary<string, string>(), null, [], null, null, labels, []), CancellationToken.None);
            await runtime.StartAsync(id, CancellationToken.None);
        });
    }

    private Task StopAndRemoveAsync(IEnumerable<ContainerListResponse> containers) =>
        ForEachAsync(containers.Select(c => c.ID), async id =>
        {
            await runtime.StopAsync(id, TimeSpan.FromSeconds(Workload.StopGraceSeconds), CancellationToken.None);
            await runtime.RemoveAsync(id, CancellationToken.None);
        });

    private static Task ForEachAsync(IEnumerable<string> items, Func<string, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Workload.RawParallelism },
            async (item, _) => await action(item));
}
