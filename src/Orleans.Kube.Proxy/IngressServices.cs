using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Kube.Proxy.Ingress;

namespace Orleans.Kube.Proxy;

public static class IngressServices
{
    /// <summary>The ingress proxy of a worker silo (needs the node proxy); it listens on <paramref name="nodeAddress"/> unless configured otherwise.</summary>
    public static IServiceCollection AddIngressProxy(this IServiceCollection services, IConfiguration section, string nodeAddress)
    {
        services.Configure<IngressOptions>(o =>
        {
            o.Address = nodeAddress;
            section.Bind(o);
        });
        services.AddSingleton<IngressDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<IngressDirectory>());
        services.AddSingleton<IngressCertificates>();
        services.AddSingleton<IngressServer>();
        services.AddHostedService(sp => sp.GetRequiredService<IngressServer>());
        services.AddHostedService<IngressStatusWriter>();
        return services;
    }
}
