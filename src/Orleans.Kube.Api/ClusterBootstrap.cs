using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Kube.Api.Security;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Store;
using Orleans.Kube.Model;

namespace Orleans.Kube.Api;

/// <summary>
/// Creates the namespaces every Kubernetes cluster has, kube's bootstrap RBAC policy, the default
/// IngressClass and the `kubernetes` Service, once the silo serves grains, publishes this API silo as one
/// of that Service's endpoints, and installs the default StorageClass `local-path` (as k3s installs its
/// local-path provisioner's).
/// </summary>
internal sealed partial class ClusterBootstrap(IGrainFactory grains, IHostApplicationLifetime lifetime, IServer server, ResourceStore store,
    ILocalSiloDetails silo, IServiceProvider services, ILogger<ClusterBootstrap> logger) : BackgroundService
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grains can be called only after the silo has started.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);

        foreach (var name in SystemNamespaces)
            await CreateAsync(ResourceKinds.Namespace, null, name, new System.Text.Json.Nodes.JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name },
            }, replace: false, stoppingToken);
        foreach (var role in BootstrapPolicy.ClusterRoles())
            await CreateAsync(ResourceKinds.ClusterRole, null, role.Name()!, role, replace: false, stoppingToken);
        foreach (var binding in BootstrapPolicy.ClusterRoleBindings())
            await CreateAsync(ResourceKinds.ClusterRoleBinding, null, binding.Name()!, binding, replace: false, stoppingToken);
        // Namespaces from before ServiceAccounts existed get theirs (new ones get them from their grain).
        var caPem = ((IServiceAccountTokenIssuer)services.GetService(typeof(IServiceAccountTokenIssuer))!).CaPem;
        foreach (var ns in (await store.ListAsync(ResourceKinds.Namespace.GroupResource, null, stoppingToken)).Items)
            if (KubeJson.ParseObject(ns.Body).DeletionTimestamp() is null)
                await ServiceAccountDefaults.EnsureAsync(grains, ns.Name, caPem);
        await CreateAsync(ResourceKinds.IngressClass, null, Model.Kinds.IngressClassKind.DefaultName, Model.Kinds.IngressClassKind.Default(), replace: false, stoppingToken);
        await CreateAsync(ResourceKinds.Service, KubernetesService.Namespace, KubernetesService.Name, KubernetesService.Service(), replace: false, stoppingToken);
        await CreateAsync(ResourceKinds.StorageClass, null, LocalPathClass.Name, LocalPathClass.Body(), replace: false, stoppingToken);
        // Pods reach the API through the Service's ClusterIP: the serving certificate names it.
        if (services.GetService(typeof(ServingCertificate)) is ServingCertificate serving
            && await store.GetAsync(ResourceKinds.Service.GroupResource, KubernetesService.Namespace, KubernetesService.Name, stoppingToken) is { } stored
            && System.Net.IPAddress.TryParse(KubeJson.ParseObject(stored.Body)["spec"]?["clusterIP"]?.GetValue<string>(), out var clusterIp))
            serving.AddAddress(clusterIp);
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => Uri.TryCreate(a, UriKind.Absolute, out var uri) ? uri : null).FirstOrDefault(u => u is not null);
        if (address is not null && System.Net.IPAddress.TryParse(address.Host, out var ip))
            await CreateAsync(ResourceKinds.EndpointSlice, KubernetesService.Namespace, KubernetesService.SliceName(ip.ToString(), address.Port),
                KubernetesService.Slice(ip.ToString(), address.Port, silo.SiloAddress.ToParsableString()), replace: true, stoppingToken);
    }

    /// <summary>Creates the object unless it exists (with <paramref name="replace"/>: or replaces it), retrying while grains are not reachable.</summary>
    private async Task CreateAsync(ResourceKind kind, string? ns, string name, System.Text.Json.Nodes.JsonObject body, bool replace, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var grain = grains.For(kind, ns, name);
                var result = await grain.Create(KubeJson.Write(body), WriteOptions.Default);
                if (result.Code == 409 && replace)
                    result = await grain.Replace(KubeJson.Write(body), WriteOptions.Default);
                if (!result.IsSuccess && result.Code != 409)
                    LogRefused(logger, name, result.Body);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRetry(logger, ex, name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bootstrap object {Name} was refused: {Body}")]
    private static partial void LogRefused(ILogger logger, string name, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Creating bootstrap object {Name} failed; retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, string name);
}
