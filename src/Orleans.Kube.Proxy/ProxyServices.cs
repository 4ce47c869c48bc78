using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Kube.Proxy.Policy;

namespace Orleans.Kube.Proxy;

public static class ProxyServices
{
    /// <summary>The node proxy of a worker silo; NodePorts listen on <paramref name="nodeAddress"/> unless configured otherwise.</summary>
    public static IServiceCollection AddServiceProxy(this IServiceCollection services, IConfiguration section, string nodeAddress)
    {
        services.Configure<ProxyOptions>(o =>
        {
            o.NodeAddress = nodeAddress;
            section.Bind(o);
        });
        // NetworkPolicy: one live copy per silo, shared by the node proxy, the ingress proxy and the pod network.
        services.AddSingleton<NetworkPolicyDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<NetworkPolicyDirectory>());
        services.AddSingleton<IConnectionPolicy>(sp => sp.GetRequiredService<NetworkPolicyDirectory>());
        // A worker with a pod network registers its own dialer; the last registration wins.
        services.TryAddSingleton<IPodDialer, NoPodDialer>();
        services.AddSingleton<ServiceProxy>();
        services.AddHostedService(sp => sp.GetRequiredService<ServiceProxy>());
        return services;
    }
}
