using Microsoft.Extensions.Hosting;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>Runs this silo's watch hub for the lifetime of the host.</summary>
public sealed class WatchHubService(ResourceWatchHub hub) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => hub.RunAsync(stoppingToken);
}
