using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Proxy.Policy;

/// <summary>
/// A worker silo's live copy of what NetworkPolicies are judged against (NetworkPolicies, pods, namespaces: list,
/// then watch), so a connection is decided from memory. The pod network's forwarder (pod -> pod IP), the node proxy
/// (anything -> ClusterIP/NodePort -> endpoint) and the ingress proxy ask it before they dial. Pods and namespaces
/// are followed only from the first policy on: a cluster without policies pays nothing for pod churn.
/// </summary>
public sealed class NetworkPolicyDirectory(ResourceStore store, ResourceWatchHub hub, ILogger<NetworkPolicyDirectory> logger)
    : BackgroundService, IConnectionPolicy
{
    private const string Policies = "networkpolicies.networking.k8s.io";
    private const string Pods = "pods";
    private const string Namespaces = "namespaces";
    /// <summary>How long a connection waits, right after the first policy arrived, for pods and namespaces to be listed.</summary>
    private static readonly TimeSpan LoadWait = TimeSpan.FromSeconds(2);
    private readonly Lock changing = new();
    private readonly TaskCompletionSource podsListed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource namespacesListed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource firstPolicy = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PolicyView View { get; private set; } = PolicyView.Empty;

    public bool Allows(IPAddress source, IPAddress destination, int port)
    {
        var view = View;
        if (view.IsEmpty)
            return true;
        // Judged against pods not yet listed, every podSelector would miss; wait (briefly, once) for the listing.
        if (!podsListed.Task.IsCompleted || !namespacesListed.Task.IsCompleted)
        {
            Task.WaitAll([podsListed.Task, namespacesListed.Task], LoadWait);
            view = View;
        }
        return NetworkPolicyEvaluator.Allows(view, source, destination, port);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policies = FollowAsync(Policies, stoppingToken);
        await Task.WhenAny(firstPolicy.Task, policies);
        if (stoppingToken.IsCancellationRequested)
            return;
        await Task.WhenAll(policies, FollowAsync(Pods, stoppingToken), FollowAsync(Namespaces, stoppingToken));
    }

    private Task FollowAsync(string resource, CancellationToken ct) =>
        ResourceFeed.FollowAsync(store, hub, resource,
            items =>
            {
                Change(view =>
                {
                    view = Clear(view, resource);
                    foreach (var item in items)
                        view = Apply(view, resource, item, deleted: false);
                    return view;
                });
                (resource switch { Pods => podsListed, Namespaces => namespacesListed, _ => null })?.TrySetResult();
            },
            e => Change(view => Apply(view, resource, e.Object, e.Type == WatchEventType.Deleted)),
            logger, ct);

    private void Change(Func<PolicyView, PolicyView> change)
    {
        lock (changing)
            View = change(View);
        if (!View.IsEmpty)
            firstPolicy.TrySetResult();
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
