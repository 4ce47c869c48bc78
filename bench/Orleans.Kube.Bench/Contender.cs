using Orleans.Kube.Testing;

namespace Orleans.Kube.Bench;

/// <summary>
/// One system under test running one workload of identical replicas. Each operation submits the
/// change the way a user of that system would, then returns once Docker shows the result and the
/// system itself reports it (whichever comes later), polled every 100 ms.
/// </summary>
internal abstract class Contender(Engine engine)
{
    protected Engine Engine { get; } = engine;
    protected int Replicas { get; private set; }
    protected string Image { get; private set; } = "";

    public abstract string Name { get; }

    /// <summary>False for the raw Engine API: nothing watches its containers, so nothing replaces a killed one.</summary>
    public virtual bool Restarts => true;

    /// <summary>Label "key=value" on every container of the current workload (and of nothing else).</summary>
    protected abstract string ContainerLabel { get; }

    public async Task StartAsync(int replicas, string image)
    {
        (Replicas, Image) = (replicas, image);
        await CreateAsync(replicas, image);
        await SettleAsync();
    }

    public async Task ScaleAsync(int replicas)
    {
        Replicas = replicas;
        await ResizeAsync(replicas);
        await SettleAsync();
    }

    /// <summary>Rolling update to another image, <see cref="Workload.UpdateBatch"/> containers at a time.</summary>
    public async Task UpdateAsync(string image)
    {
        Image = image;
        await RollAsync(image);
        await SettleAsync();
    }

    /// <summary>Kills one running container behind the system's back and waits for its replacement.</summary>
    public async Task ReplaceKilledAsync()
    {
        var victim = (await Engine.ContainersAsync(ContainerLabel)).First(c => c.State == "running").ID;
        await Engine.KillAsync(victim);
        await SettleAsync(victim);
    }

    /// <summary>Deletes the workload and waits until none of its containers remain, in any state.</summary>
    public async Task DeleteAsync()
    {
        await RemoveAsync();
        await Poll.UntilAsync(async () => (await Engine.ContainersAsync(ContainerLabel)).Count, n => n == 0,
            Workload.Deadline, $"{Name}: all containers gone", Workload.PollInterval);
    }

    /// <summary>Leaves nothing behind (untimed, after every measurement).</summary>
    public abstract Task TearDownAsync();

    protected abstract Task CreateAsync(int replicas, string image);
    protected abstract Task ResizeAsync(int replicas);
    protected abstract Task RollAsync(string image);
    protected abstract Task RemoveAsync();

    /// <summary>Whether the system's own status says the current replicas run the current image.</summary>
    protected abstract Task<bool> ReportsSettledAsync();

    private Task SettleAsync(string? excluded = null) =>
        Poll.UntilAsync(async () => Engine.Settled(await Engine.ContainersAsync(ContainerLabel), Replicas, Image, excluded) && await ReportsSettledAsync(),
            settled => settled, Workload.Deadline, $"{Name}: {Replicas} running containers of {Image}", Workload.PollInterval);
}
