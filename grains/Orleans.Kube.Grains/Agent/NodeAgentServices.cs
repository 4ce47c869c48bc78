using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Kube.Runtime;
using Orleans.Kube.Proxy;

namespace Orleans.Kube.Grains;

public static class NodeAgentServices
{
    /// <summary>What a worker silo adds: the container runtime(s), its node's options, and the agent keeper.</summary>
    public static IServiceCollection AddNodeAgent(this IServiceCollection services, IConfiguration section, string bindAddress)
    {
        // Simulated nodes always run on the simulated runtime, whatever Node:Runtime says.
        var simulatedNodes = section.GetSection("Simulated").GetValue<int>("Count") > 0;
        var runtime = simulatedNodes ? "simulated" : section["Runtime"] ?? "docker";
        services.Configure<NodeAgentOptions>(o =>
        {
            o.BindAddress = bindAddress;
            section.Bind(o);
            o.Runtime = runtime;
        });
        if (runtime == "simulated")
            services.AddSingleton(_ => NodeRuntimes.Simulated());
        else
        {
            services.AddSingleton<IContainerRuntime>(_ => new DockerContainerRuntime());
            services.AddSingleton(sp => NodeRuntimes.Shared(sp.GetRequiredService<IContainerRuntime>()));
            // The pod network: sandboxes' namespaces wired to the host's lo, and the cluster DNS.
            services.AddSingleton<NetNamespaces>();
            services.AddSingleton<ClusterDirectory>();
            services.AddHostedService(sp => sp.GetRequiredService<ClusterDirectory>());
            services.AddSingleton<ClusterDns>();
            services.AddSingleton<PodNetwork>();
            services.AddSingleton<IPodDialer>(sp => sp.GetRequiredService<PodNetwork>());
        }
        services.AddHostedService<NodeAgentKeeper>();
        return services;
    }
}
