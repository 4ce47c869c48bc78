using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

public static class NodeAgentServices
{
    /// <summary>What a worker silo adds: the container runtime, its node's options, and the agent keeper.</summary>
    public static IServiceCollection AddNodeAgent(this IServiceCollection services, IConfiguration section, string bindAddress)
    {
        services.Configure<NodeAgentOptions>(o =>
        {
            o.BindAddress = bindAddress;
            section.Bind(o);
        });
        var runtime = section["Runtime"] ?? "docker";
        if (runtime == "simulated")
            services.AddSingleton<IContainerRuntime>(_ => new SimulatedContainerRuntime());
        else
            services.AddSingleton<IContainerRuntime>(_ => new DockerContainerRuntime());
        services.AddHostedService<NodeAgentKeeper>();
        return services;
    }
}
