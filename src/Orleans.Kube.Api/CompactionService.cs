using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>
/// Drops revision-log rows older than the retention window (keeping at least the newest
/// revisions), like kube-apiserver's etcd compaction, and returns addresses and ports whose owner
/// no longer exists. Any API silo may run it: both are idempotent.
/// </summary>
internal sealed partial class CompactionService(ResourceStore store, AllocationStore allocations, ILogger<CompactionService> logger) : BackgroundService
{
    // Older than any owner's wait between allocating and its first write.
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);
    private const long KeepAtLeast = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Every, stoppingToken);
                var compacted = await store.CompactAsync(Retention, KeepAtLeast, stoppingToken);
                LogCompacted(logger, compacted);
                await allocations.SweepAsync(OrphanAge, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Resource log compacted up to revision {Revision}")]
    private static partial void LogCompacted(ILogger logger, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compacting the resource log failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
