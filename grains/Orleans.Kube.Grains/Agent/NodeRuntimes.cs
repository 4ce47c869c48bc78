using System.Collections.Concurrent;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// The container runtime of each node a worker silo hosts: the host's one runtime for its real
/// node, or a separate in-memory runtime per simulated node (so a node's agent only ever sees,
/// and lists, its own containers).
/// </summary>
public sealed class NodeRuntimes(Func<string, IContainerRuntime> create)
{
    private readonly ConcurrentDictionary<string, IContainerRuntime> runtimes = new(StringComparer.Ordinal);

    public IContainerRuntime For(string nodeName) => runtimes.GetOrAdd(nodeName, create);

    public static NodeRuntimes Shared(IContainerRuntime runtime) => new(_ => runtime);

    public static NodeRuntimes Simulated() =>
        new(node => new SimulatedContainerRuntime(new SimulatedRuntimeOptions { IdSeed = node }));
}
