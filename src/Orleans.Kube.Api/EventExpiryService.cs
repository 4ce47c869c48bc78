using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>How long Events live (kube-apiserver's --event-ttl) and how often expired ones are looked for.</summary>
public sealed class EventOptions
{
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Deletes Events one TTL after they were last observed. kube leases every Event write in etcd for the TTL; here the
/// last observation (series.lastObservedTime, lastTimestamp, eventTime or creation, whichever is latest) stands for
/// the last write, since every recorder sets it on each write. Deletes go through the Event grains, so watchers see
/// DELETED; any API silo may run it, as a second delete is a harmless 404.
/// </summary>
internal sealed partial class EventExpiryService(ResourceStore store, IGrainFactory grains, IOptions<EventOptions> options, ILogger<EventExpiryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.SweepInterval, stoppingToken);
                var cutoff = DateTimeOffset.UtcNow - settings.Ttl;
                var (events, _) = await store.ListAsync(ResourceKinds.Event.GroupResource, null, stoppingToken);
                var expired = events.Where(e => LastObserved(KubeJson.ParseObject(e.Body)) < cutoff).ToList();
                foreach (var e in expired)
                    await grains.For(ResourceKinds.Event, e.Namespace, e.Name).Delete(DeleteRequest.Default);
                if (expired.Count > 0)
                    LogExpired(logger, expired.Count);
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

    /// <summary>The latest time the event says it was observed or written.</summary>
    internal static DateTimeOffset LastObserved(JsonObject ev) =>
        new[] { ev["series"]?["lastObservedTime"], ev["lastTimestamp"], ev["eventTime"], ev["metadata"]?["creationTimestamp"] }
            .Select(node => node?.GetValueKind() == System.Text.Json.JsonValueKind.String
                && DateTimeOffset.TryParse(node.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.MinValue)
            .Max();

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Count} events expired")]
    private static partial void LogExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiring events failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
