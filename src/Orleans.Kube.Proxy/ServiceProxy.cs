using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Kube.Model;
using Orleans.Kube.Proxy.Policy;
using Orleans.Kube.Store;

namespace Orleans.Kube.Proxy;

/// <summary>
/// The node proxy, kube-proxy's counterpart in userspace: watches Services and EndpointSlices
/// and keeps one listener per frontend, updating backend sets in place as endpoints change.
/// On a host with several worker silos, round-robin frontends without affinity are served by all
/// of them at once (<see cref="Frontend.Shareable"/>), so killing one costs no gap; for the others
/// the first one to bind an address serves it and the others stand by, retrying every second, so
/// balancing state lives in one place per host.
/// </summary>
public sealed partial class ServiceProxy(ResourceStore store, ResourceWatchHub hub, IConnectionPolicy policy, IPodDialer dialer, IOptions<ProxyOptions> options, ILogger<ServiceProxy> logger)
    : BackgroundService
{
    private const string Services = "services";
    private const string Slices = "endpointslices.discovery.k8s.io";
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(1);
    private readonly Dictionary<string, Dictionary<(string, string), JsonObject>> objects = new() { [Services] = [], [Slices] = [] };
    private readonly Dictionary<IPEndPoint, FrontendListener> listeners = [];
    private readonly Dictionary<string, BackendPool> pools = [];
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile FrozenDictionary<string, BackendPool> portPools = FrozenDictionary<string, BackendPool>.Empty;

    /// <summary>The frontends this proxy currently serves (for health and tests).</summary>
    public IReadOnlyCollection<IPEndPoint> Serving
    {
        get { lock (listeners) return listeners.Keys.ToList(); }
    }

    /// <summary>
    /// The backends and balancing of a service port, by the port's number or name (the ingress proxy's view of a
    /// Service, so both proxies share one endpoint set and one balancing state); null when the port is unknown.
    /// </summary>
    public BackendPool? PoolFor(string ns, string service, string port) => portPools.GetValueOrDefault($"{ns}/{service}:{port}");

    /// <summary>The NetworkPolicy decisions this proxy applies (the ingress proxy applies the same).</summary>
    public IConnectionPolicy Policy => policy;

    /// <summary>The node's address: the source NetworkPolicy sees for connections the node itself makes (ingress).</summary>
    public IPAddress NodeAddress => IPAddress.Parse(options.Value.NodeAddress);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
            return;
        try
        {
            await Task.WhenAll(WatchAsync(Services, stoppingToken), WatchAsync(Slices, stoppingToken), RetryLoopAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var listener in listeners.Values)
                await listener.DisposeAsync();
        }
    }

    /// <summary>List, then follow the watch; on any break (compaction, lost database) list again.</summary>
    private async Task WatchAsync(string resource, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await hub.Started.WaitAsync(ct);
                var (items, revision) = await store.ListAsync(resource, null, ct);
                await ApplyAsync(resource, known =>
                {
                    known.Clear();
                    foreach (var item in items)
                        known[(item.Namespace, item.Name)] = KubeJson.ParseObject(item.Body);
                });
                await foreach (var e in hub.WatchAsync(resource, null, revision, ct))
                    await ApplyAsync(resource, known =>
                    {
                        if (e.Type == WatchEventType.Deleted)
                            known.Remove((e.Object.Namespace, e.Object.Name));
                        else
                            known[(e.Object.Namespace, e.Object.Name)] = KubeJson.ParseObject(e.Object.Body);
                    });
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogWatchBroken(logger, ex, resource);
                await Task.Delay(Retry, ct);
            }
        }
    }

    private async Task RetryLoopAsync(CancellationToken ct)
    {
        // Addresses another proxy held (or that failed to bind) are tried again.
        using var timer = new PeriodicTimer(Retry);
        while (await timer.WaitForNextTickAsync(ct))
            await ApplyAsync(null, _ => { });
    }

    private async Task ApplyAsync(string? resource, Action<Dictionary<(string, string), JsonObject>> change)
    {
        await gate.WaitAsync();
        try
        {
            if (resource is not null)
                change(objects[resource]);
            await SyncListenersAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task SyncListenersAsync()
    {
        var nodeAddress = IPAddress.Parse(options.Value.NodeAddress);
        var frontends = ProxyRules.Frontends(objects[Services].Values, objects[Slices].Values, nodeAddress);
        var wanted = frontends.ToDictionary(f => f.Endpoint);

        foreach (var frontend in frontends)
        {
            if (!pools.TryGetValue(frontend.ServicePortKey, out var pool))
                pools[frontend.ServicePortKey] = pool = new BackendPool();
            pool.Update(frontend.Backends, frontend.Scheduling, frontend.ClientIpAffinity);
        }
        foreach (var stale in pools.Keys.Except(frontends.Select(f => f.ServicePortKey)).ToList())
            pools.Remove(stale);
        portPools = ProxyRules.PortAliases(objects[Services].Values)
            .Where(a => pools.ContainsKey(a.ServicePortKey))
            .DistinctBy(a => a.Alias)
            .ToFrozenDictionary(a => a.Alias, a => pools[a.ServicePortKey]);

        List<(IPEndPoint Endpoint, FrontendListener Listener)> gone;
        lock (listeners)
            gone = listeners.Where(l => !wanted.TryGetValue(l.Key, out var f) || l.Value.Pool != pools[f.ServicePortKey] || l.Value.Shared != f.Shareable)
                .Select(l => (l.Key, l.Value)).ToList();
        foreach (var (endpoint, listener) in gone)
        {
            lock (listeners) listeners.Remove(endpoint);
            await listener.DisposeAsync();
        }

        foreach (var frontend in frontends)
        {
            lock (listeners)
                if (listeners.ContainsKey(frontend.Endpoint))
                    continue;
            var listener = new FrontendListener(frontend.Endpoint, pools[frontend.ServicePortKey], policy, dialer,
                TimeSpan.FromSeconds(options.Value.ConnectTimeoutSeconds), logger, frontend.Shareable);
            try
            {
                listener.Start();
                lock (listeners) listeners[frontend.Endpoint] = listener;
                LogServing(logger, frontend.Endpoint.ToString(), frontend.ServicePortKey);
            }
            catch (SocketException ex)
            {
                await listener.DisposeAsync();
                if (ex.SocketErrorCode != SocketError.AddressAlreadyInUse)
                    LogBindFailed(logger, frontend.Endpoint.ToString(), ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy watch of {Resource} broke; listing again")]
    private static partial void LogWatchBroken(ILogger logger, Exception exception, string resource);

    [LoggerMessage(Level = LogLevel.Information, Message = "Proxy serving {Frontend} for {ServicePort}")]
    private static partial void LogServing(ILogger logger, string frontend, string servicePort);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Proxy could not listen on {Frontend}: {Reason}")]
    private static partial void LogBindFailed(ILogger logger, string frontend, string reason);
}
