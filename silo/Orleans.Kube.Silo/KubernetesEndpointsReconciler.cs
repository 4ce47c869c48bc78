using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Api;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Store;
using Orleans.Runtime;

namespace Orleans.Kube.Silo;

/// <summary>
/// Keeps the `kubernetes` Service's endpoints to the live API silos, as kube-apiserver's lease endpoint reconciler
/// does with its master leases: Orleans membership plays the leases. A slice whose silo membership declared dead,
/// or that no member claims once it is a minute old (a silo that never reached this silo's table), or a slice
/// written before slices named their silo, is deleted (with its uid as precondition, so a slice a live silo has
/// just written again is kept). Every API silo runs this on each membership change and every 10 s; deletes race
/// harmlessly.
/// </summary>
internal sealed partial class KubernetesEndpointsReconciler(IClusterMembershipService membership, ResourceStore store, IGrainFactory grains,
    IHostApplicationLifetime lifetime, ILogger<KubernetesEndpointsReconciler> logger) : BackgroundService
{
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Unclaimed = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        using var changed = new SemaphoreSlim(0);
        _ = Task.Run(async () =>
        {
            await foreach (var _ in membership.MembershipUpdates.WithCancellation(stoppingToken))
                changed.Release();
        }, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(stoppingToken);
                await changed.WaitAsync(Sweep, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                await Task.Delay(Sweep, stoppingToken);
            }
        }
    }

    private async Task ReconcileAsync(CancellationToken ct)
    {
        var members = membership.CurrentSnapshot.Members;
        var (slices, _) = await store.ListAsync(ResourceKinds.EndpointSlice.GroupResource, KubernetesService.Namespace, ct);
        foreach (var stored in slices)
        {
            var slice = KubeJson.ParseObject(stored.Body);
            if (slice.Labels().GetValueOrDefault("kubernetes.io/service-name") != KubernetesService.Name || !IsStale(slice, members))
                continue;
            var result = await grains.For(ResourceKinds.EndpointSlice, stored.Namespace, stored.Name).Delete(new DeleteRequest(PreconditionUid: slice.Uid()));
            if (result.IsSuccess)
                LogRemoved(logger, stored.Name);
        }
    }

    private static bool IsStale(System.Text.Json.Nodes.JsonObject slice, IReadOnlyDictionary<SiloAddress, ClusterMember> members)
    {
        if (slice.Annotations().GetValueOrDefault(KubernetesService.SiloAnnotation) is not { } owner)
            return true;
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(owner);
        }
        catch (FormatException)
        {
            return true;
        }
        if (members.TryGetValue(silo, out var member))
            return member.Status == SiloStatus.Dead;
        var created = DateTimeOffset.TryParse(slice["metadata"]?["creationTimestamp"]?.GetValue<string>(), out var at) ? at : DateTimeOffset.UtcNow;
        return DateTimeOffset.UtcNow - created > Unclaimed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed EndpointSlice {Name} of the kubernetes Service: its API silo left the cluster")]
    private static partial void LogRemoved(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciling the kubernetes Service's endpoints failed; trying again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
