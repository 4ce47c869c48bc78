using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>
/// Keeps every Ready node's grain active. A node grain is woken by its own agent's heartbeats, but
/// when that agent's silo dies Orleans may also deactivate the node grain (its directory entry
/// lived there), and then nothing would ever notice the silence. This poke reactivates it.
/// </summary>
public sealed partial class NodeLivenessMonitor(IGrainFactory grains, ResourceStore store, IOptions<NodeLifecycleOptions> options,
    IHostApplicationLifetime lifetime, ILogger<NodeLivenessMonitor> logger) : BackgroundService
{

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var (nodes, _) = await store.ListAsync(ResourceKinds.Node.GroupResource, null, stoppingToken);
                await Task.WhenAll(nodes.Select(n => grains.GetGrain<INodeGrain>(n.Name).EnsureWatched()));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
            await Task.Delay(options.Value.CheckPeriod, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking node liveness failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
