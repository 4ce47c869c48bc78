using Orleans.Kube.Model;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>What a worker silo tells about its node. Bound from the silo's "Node" configuration section.</summary>
public sealed class NodeAgentOptions
{
    /// <summary>The address container ports are published on, and the node's InternalIP.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Allocatable CPU cores; 0 means the host's processor count.</summary>
    public double Cpu { get; set; }

    /// <summary>Allocatable memory in bytes; 0 means the host's total memory.</summary>
    public long MemoryBytes { get; set; }

    public int MaxPods { get; set; } = 110;

    /// <summary>Extra node labels, e.g. "zone=a,disk=ssd".</summary>
    public string Labels { get; set; } = "";

    /// <summary>Taints set when the node first registers, e.g. "dedicated=gpu:NoSchedule".</summary>
    public string Taints { get; set; } = "";

    /// <summary>Where pod volumes (emptyDir, ConfigMap and Secret projections) live on the host, under NODE/pods/UID.</summary>
    public string DataDir { get; set; } = Path.Combine(Path.GetTempPath(), "okube");

    /// <summary>How often the agent samples its containers' CPU and memory (kubectl top, the autoscaler, /metrics).</summary>
    public double UsageSampleSeconds { get; set; } = 5;

    /// <summary>The size a container's log may reach before it is rotated (kubelet's containerLogMaxSize, default 10Mi).</summary>
    public string ContainerLogMaxSize { get; set; } = "10Mi";

    /// <summary>How many log files a container keeps, the live one included (kubelet's containerLogMaxFiles, default 5).</summary>
    public int ContainerLogMaxFiles { get; set; } = 5;

    /// <summary>The rotation the runtime applies to every container's log.</summary>
    public ContainerLogLimits LogLimits() =>
        new(Quantity.ParseValue(ContainerLogMaxSize), Math.Max(2, ContainerLogMaxFiles));

    /// <summary>
    /// How many container starts (create, start, inspect) the agent keeps in flight on its Engine. 8 is
    /// where the Engine on the first benches' host stopped getting faster; a bigger host may take more.
    /// </summary>
    public int EngineParallelism { get; set; } = 8;

    /// <summary>"docker" (default) or "simulated" (kwok-style, no containers: for control-plane scale tests).</summary>
    public string Runtime { get; set; } = "docker";

    /// <summary>Simulated nodes this silo hosts instead of its own host ("Node:Simulated").</summary>
    public SimulatedNodesOptions Simulated { get; set; } = new();
}
