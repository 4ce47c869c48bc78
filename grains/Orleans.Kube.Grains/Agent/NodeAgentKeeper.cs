using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Kube.Grains.Abstractions;

namespace Orleans.Kube.Grains;

/// <summary>
/// On a worker silo: activates this host's node agent once the silo is up, and keeps poking it so
/// it comes back after any deactivation. The agent is pinned here by its placement.
/// </summary>
public sealed partial class NodeAgentKeeper(IGrainFactory grains, IOptions<SiloOptions> silo, IHostApplicationLifetime lifetime, ILogger<NodeAgentKeeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<INodeAgentGrain>(silo.Value.SiloName).Start();
                await Task.Delay(Every, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogStartFailed(logger, ex, silo.Value.SiloName);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting the node agent of {Node} failed; retrying")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string node);
}
