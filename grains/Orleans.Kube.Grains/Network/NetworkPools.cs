using Microsoft.Extensions.Options;
using Orleans.Kube.Store;

namespace Orleans.Kube.Grains;

/// <summary>The allocation pools of <see cref="NetworkOptions"/>, parsed once.</summary>
public sealed class NetworkPools(IOptions<NetworkOptions> options)
{
    public AllocationPool ServiceIps { get; } = AllocationPool.Cidr(AllocationPool.ServiceIps, options.Value.ServiceRange);
    public AllocationPool PodIps { get; } = AllocationPool.Cidr(AllocationPool.PodIps, options.Value.PodRange);
    public AllocationPool NodePorts { get; } = AllocationPool.Ports(AllocationPool.NodePorts, options.Value.NodePortRange);
}
