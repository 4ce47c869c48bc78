using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Model;
using Orleans.Kube.Store;

namespace Orleans.Kube.Proxy.Ingress;

/// <summary>
/// The ingress proxy's live copy of Ingresses, IngressClasses and Secrets (list, then watch, through the silo's
/// watch hub). Each change replaces an immutable snapshot and its route table, so requests never wait on the feed
/// and a change applies to the next request.
/// </summary>
public sealed class IngressDirectory(ResourceStore store, ResourceWatchHub hub, ILogger<IngressDirectory> logger) : BackgroundService
{
    public const string Ingresses = "ingresses.networking.k8s.io";
    public const string Classes = "ingressclasses.networking.k8s.io";
    public const string Secrets = "secrets";
    private static readonly ImmutableDictionary<(string, string), JsonObject> None = ImmutableDictionary<(string, string), JsonObject>.Empty;
    private readonly Lock gate = new();
    private ImmutableDictionary<string, ImmutableDictionary<(string, string), JsonObject>> objects =
        ImmutableDictionary<string, ImmutableDictionary<(string, string), JsonObject>>.Empty.Add(Ingresses, None).Add(Classes, None).Add(Secrets, None);

    /// <summary>The current routing.</summary>
    public IngressRouteTable Routes { get; private set; } = IngressRouteTable.Empty;

    /// <summary>Raised after every change (the status writer listens).</summary>
    public event Action? Changed;

    public JsonObject? Secret(string ns, string name) => objects[Secrets].GetValueOrDefault((ns, name));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FollowAsync(Ingresses, stoppingToken), FollowAsync(Classes, stoppingToken), FollowAsync(Secrets, stoppingToken));

    private Task FollowAsync(string resource, CancellationToken ct) =>
        ResourceFeed.FollowAsync(store, hub, resource,
            items => Replace(resource, _ => ResourceFeed.Index(items)),
            e => Replace(resource, known => ResourceFeed.Apply(known, e)),
            logger, ct);

    private void Replace(string resource, Func<ImmutableDictionary<(string, string), JsonObject>, ImmutableDictionary<(string, string), JsonObject>> change)
    {
        lock (gate)
        {
            objects = objects.SetItem(resource, change(objects[resource]));
            if (resource != Secrets)
                Routes = IngressRouteTable.Build(objects[Ingresses].Values, objects[Classes].Values);
        }
        Changed?.Invoke();
    }
}
