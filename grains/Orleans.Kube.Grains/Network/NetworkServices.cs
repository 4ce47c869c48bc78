using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Kube.Grains;

public static class NetworkServices
{
    /// <summary>The address plan and the service admission every silo's grains use.</summary>
    public static IServiceCollection AddClusterNetwork(this IServiceCollection services, IConfiguration section)
    {
        services.Configure<NetworkOptions>(section);
        services.AddSingleton<NetworkPools>();
        services.AddSingleton<ServiceAllocator>();
        return services;
    }
}
