using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Kube.Grains.Controllers;
using Orleans.Kube.Model;
using Orleans.Kube.Store;
using Orleans.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// A resource grain that is also its object's controller. One level-triggered entry point,
/// <see cref="ReconcileAsync"/>, runs after every write, when a child reports a change, when the last
/// reconcile asked to look again, and from a reminder (the durable backstop after a silo loss).
/// Requests coalesce: at most one reconcile runs, and at most one more is queued. A failed reconcile is
/// retried with per-object exponential back-off. A settled object costs nothing: the short resync that
/// covers a lost one-way signal runs only for <see cref="ReconcileOptions.ResyncWindow"/> after the last signal or requeue.
/// </summary>
public abstract partial class ReconcilingGrain(ResourceKind kind, IResourceStore store, ILogger logger)
    : ResourceGrain(kind, store, logger)
{
    private const string BackstopReminder = "reconcile";
    private ReconcileOptions timings = new();
    private readonly ErrorBackoff backoff = new();
    private IGrainTimer? kick;
    private DateTimeOffset kickDue;
    private IGrainTimer? resync;
    private DateTimeOffset resyncUntil;
    private DateTimeOffset retryNotBefore;
    private bool reminderRegistered;

    /// <summary>Brings the world towards the object's spec; returns when to look again (null: on the next signal).</summary>
    protected abstract Task<TimeSpan?> ReconcileAsync(JsonObject obj);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        timings = ServiceProvider.GetService<IOptions<ReconcileOptions>>()?.Value ?? timings;
        await base.OnActivateAsync(cancellationToken);
        if (Current is not null)
            RequestReconcile();
    }

    protected override Task OnWrittenAsync(JsonObject obj)
    {
        RequestReconcile();
        return Task.CompletedTask;
    }

    /// <summary>A signal (a write, a child's change, a requeue): reconcile after <paramref name="after"/>, and resync for a while.</summary>
    protected void RequestReconcile(TimeSpan? after = null)
    {
        resyncUntil = DateTimeOffset.UtcNow + (after ?? TimeSpan.Zero) + timings.ResyncWindow;
        Kick(after ?? TimeSpan.Zero);
    }

    /// <summary>Queues a reconcile; an earlier request replaces a later queued one.</summary>
    private void Kick(TimeSpan after)
    {
        var due = DateTimeOffset.UtcNow + after;
        if (kick is not null && kickDue <= due)
            return;
        kick?.Dispose();
        kickDue = due;
        kick = this.RegisterGrainTimer(RunAsync, new GrainTimerCreationOptions(after, Timeout.InfiniteTimeSpan) { Interleave = false });
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
        // With JSON logs on, every line of this pass carries the controller grain and its object.
        using var scope = Logger.BeginScope(new Dictionary<string, object> { ["grain"] = GetType().Name, ["kind"] = Kind.Kind, ["object"] = this.GetPrimaryKeyString() });
        TimeSpan? requeue;
        var started = Stopwatch.GetTimestamp();
        string result;
        try
        {
            requeue = await ReconcileAsync(obj);
            backoff.Reset();
            retryNotBefore = DateTimeOffset.MinValue;
            result = requeue is null ? "success" : "requeue_after";
        }
        catch (Exception ex)
        {
            requeue = backoff.Next();
            retryNotBefore = DateTimeOffset.UtcNow + requeue.Value;
            LogReconcileFailed(Logger, ex, Kind.Kind, this.GetPrimaryKeyString(), backoff.Failures, requeue.Value);
            result = "error";
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        ControllerMetrics.Record(Kind.Singular, result, elapsed);
        LogReconciled(Logger, Kind.Kind, this.GetPrimaryKeyString(), result, elapsed.TotalMilliseconds);
        if (requeue is { } delay)
            RequestReconcile(delay);
    }

    private async Task EnsureBackstopAsync()
    {
        resync ??= this.RegisterGrainTimer(ResyncAsync, new GrainTimerCreationOptions(timings.Resync, timings.Resync) { Interleave = false });
        if (!reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(BackstopReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
            reminderRegistered = true;
        }
    }

    /// <summary>Looks again only at an object signalled recently and not backing off: nothing to do means no query.</summary>
    private Task ResyncAsync()
    {
        var now = DateTimeOffset.UtcNow;
        if (now < resyncUntil && now >= retryNotBefore)
            Kick(TimeSpan.Zero);
        return Task.CompletedTask;
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
            Kick(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    /// <summary>Writes <paramref name="status"/> as the object's status, unless that is what is stored already.</summary>
    protected async Task WriteStatusIfChangedAsync(JsonObject status)
    {
        if (JsonNode.DeepEquals(status, Current!["status"]))
            return;
        var next = (JsonObject)Current!.DeepClone();
        next["status"] = status.DeepClone();
        await WriteAsync(next);
    }

    /// <summary>The objects of <paramref name="kind"/> that <paramref name="owner"/> controls (its controlling ownerReference).</summary>
    protected async Task<List<JsonObject>> ControlledAsync(JsonObject owner, ResourceKind kind) =>
        (await Store.ListOwnedAsync(kind.GroupResource, owner.Uid()!, ObjectNamespace))
            .Select(o => KubeJson.WithResourceVersion(o.Body, o.Revision))
            .Where(o => OwnerReferences.IsControlledBy(o, owner.Uid()!))
            .ToList();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciled {Kind} {Key}: {Result} in {ElapsedMs:0.0} ms")]
    private static partial void LogReconciled(ILogger logger, string kind, string key, string result, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconcile of {Kind} {Key} failed ({Failures} in a row); retrying in {Delay}")]
    private static partial void LogReconcileFailed(ILogger logger, Exception exception, string kind, string key, int failures, TimeSpan delay);
}
