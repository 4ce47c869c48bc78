using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Proxy.Policy;

/// <summary>
/// A worker silo's live copy of what NetworkPolicies are judged against (NetworkPolicies, pods, namespaces: list,
/// then watch), so a connection is decided from memory. The pod network's forwarder (pod -> pod IP), the node proxy
/// (anything -> ClusterIP/NodePort -> endpoint) and the ingress proxy ask it before they dial.
/// </summary>
public sealed class NetworkPolicyDirectory(ResourceStore store, ResourceWatchHub hub, ILogger<NetworkPolicyDirectory> logger)
    : BackgroundService, IConnectionPolicy
{
    private const string Policies = "networkpolicies.networking.k8s.io";
    private const string Pods = "pods";
    private const string Namespaces = "namespaces";
    private readonly Lock changing = new();

    public PolicyView View { get; private set; } = PolicyView.Empty;

    public bool Allows(IPAddress source, IPAddress destination, int port) => NetworkPolicyEvaluator.Allows(View, source, destination, port);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FollowAsync(Policies, stoppingToken), FollowAsync(Pods, stoppingToken), FollowAsync(Namespaces, stoppingToken));

    private Task FollowAsync(string resource, CancellationToken ct) =>
        ResourceFeed.FollowAsync(store, hub, resource,
            items => Change(view =>
            {
                view = Clear(view, resource);
                foreach (var item in items)
                    view = Apply(view, resource, item, deleted: false);
                return view;
            }),
            e => Change(view => Apply(view, resource, e.Object, e.Type == WatchEventType.Deleted)),
            logger, ct);

    private void Change(Func<PolicyView, PolicyView> change)
    {
        lock (changing)
            View = change(View);
    }

    private static PolicyView Clear(PolicyView view, string resource) => resource switch
    {
        Policies => view with { Policies = view.Policies.Clear(), ByNamespace = view.ByNamespace.Clear() },
        Pods => view with { Pods = view.Pods.Clear(), PodsByIp = view.PodsByIp.Clear() },
        _ => view with { Namespaces = view.Namespaces.Clear() },
    };

    private static PolicyView Apply(PolicyView view, string resource, StoredObject item, bool deleted)
    {
        var body = deleted ? null : KubeJson.ParseObject(item.Body);
        return resource switch
        {
            Policies => view.WithPolicy((item.Namespace, item.Name), body),
            Pods => view.WithPod((item.Namespace, item.Name), body),
            _ => view.WithNamespace(item.Name, body),
        };
    }
}
