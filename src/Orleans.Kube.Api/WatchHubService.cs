using Microsoft.Extensions.Hosting;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>Runs this silo's watch hub for the lifetime of the host.</summary>
internal sealed class WatchHubService(ResourceWatchHub hub) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => hub.RunAsync(stoppingToken);
}
