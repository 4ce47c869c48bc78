using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Kube.Grains.Abstractions;

namespace Orleans.Kube.Grains;

/// <summary>
/// On a worker silo: activates the node agent of this host (or of each simulated node it hosts)
/// once the silo is up, and keeps poking them so they come back after any deactivation. The
/// agents are pinned here by their placement.
/// </summary>
public sealed partial class NodeAgentKeeper(IGrainFactory grains, IOptions<SiloOptions> silo, IOptions<NodeAgentOptions> options,
    IHostApplicationLifetime lifetime, ILogger<NodeAgentKeeper> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    // Bounds the burst of first heartbeats (node registrations) when a silo hosts many simulated nodes.
    private const int Parallelism = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        var nodes = options.Value.Simulated.Count > 0 ? options.Value.Simulated.NodeNames() : [silo.Value.SiloName];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken };
        while (!stoppingToken.IsCancellationRequested)
        {
            var failed = false;
            try
            {
                await Parallel.ForEachAsync(nodes, parallel, async (node, _) =>
                {
                    try
                    {
                        await grains.GetGrain<INodeAgentGrain>(node).Start();
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        LogStartFailed(logger, ex, node);
                        failed = true;
                    }
                });
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            await Task.Delay(failed ? Retry : Every, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Starting the node agent of {Node} failed; retrying")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string node);
}
