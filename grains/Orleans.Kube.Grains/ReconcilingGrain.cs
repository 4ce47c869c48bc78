using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Model;
using Orleans.Kube.Store;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// A resource grain that is also its object's controller. One level-triggered entry point,
/// <see cref="ReconcileAsync"/>, runs after every write, when a child reports a change, on a
/// short periodic timer, and from a reminder (the durable backstop after a silo loss).
/// Requests coalesce: at most one reconcile runs, and at most one more is queued.
/// </summary>
public abstract partial class ReconcilingGrain(ResourceKind kind, ResourceStore store, ILogger logger)
    : ResourceGrain(kind, store, logger)
{
    private const string BackstopReminder = "reconcile";
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(5);
    private IGrainTimer? kick;
    private IGrainTimer? resync;
    private bool reminderRegistered;

    /// <summary>Brings the world towards the object's spec; returns when to look again (null: on the next signal).</summary>
    protected abstract Task<TimeSpan?> ReconcileAsync(JsonObject obj);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await base.OnActivateAsync(cancellationToken);
        if (Current is not null)
            RequestReconcile();
    }

    protected override Task OnWrittenAsync(JsonObject obj)
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    protected void RequestReconcile(TimeSpan? after = null)
    {
        if (kick is not null)
            return;
        kick = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(after ?? TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false });
    }

    private async Task RunAsync()
    {
        kick?.Dispose();
        kick = null;
        if (Current is not { } obj || obj.DeletionTimestamp() is not null)
        {
            await StopBackstopAsync();
            return;
        }
        await EnsureBackstopAsync();
        TimeSpan? requeue;
        var started = Stopwatch.GetTimestamp();
        string result;
        try
        {
            requeue = await ReconcileAsync(obj);
            result = requeue is null ? "success" : "requeue_after";
        }
        catch (Exception ex)
        {
            LogReconcileFailed(Logger, ex, Kind.Kind, this.GetPrimaryKeyString());
            requeue = TimeSpan.FromSeconds(1);
            result = "error";
        }
        ControllerMetrics.Record(Kind.Singular, result, Stopwatch.GetElapsedTime(started));
        if (requeue is { } delay)
            RequestReconcile(delay);
    }

    private async Task EnsureBackstopAsync()
    {
        resync ??= this.RegisterGrainTimer(() => { RequestReconcile(); return Task.CompletedTask; },
            new GrainTimerCreationOptions(Resync, Resync) { Interleave = false });
        if (!reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(BackstopReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            reminderRegistered = true;
        }
    }

    private async Task StopBackstopAsync()
    {
        resync?.Dispose();
        resync = null;
        if (reminderRegistered && await this.GetReminder(BackstopReminder) is { } reminder)
            await this.UnregisterReminder(reminder);
        reminderRegistered = false;
    }

    protected override Task OnReminderAsync(string reminderName)
    {
        if (reminderName == BackstopReminder)
            RequestReconcile();
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Kind} {Key} failed; retrying")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, string kind, string key);
}
