using Prometheus;

namespace Orleans.Kube.Grains;

/// <summary>
/// The node agent's Prometheus series: its work (pod syncs, container starts, as the kubelet counts
/// them) and its containers' use under cAdvisor's names, so dashboards built for kubelets work.
/// </summary>
public static class AgentMetrics
{
    private static readonly string[] ContainerLabelNames = ["namespace", "pod", "container"];

    public static readonly Counter PodSyncs = Metrics.CreateCounter(
        "okube_node_agent_pod_syncs_total", "Pod syncs run by node agents, by node.", "node");

    public static readonly Counter StartedContainers = Metrics.CreateCounter(
        "kubelet_started_containers_total", "Containers started by node agents, by type.", "container_type");

    private static readonly Counter ContainerCpu = Metrics.CreateCounter(
        "container_cpu_usage_seconds_total", "Cumulative CPU time consumed by a pod's container, in seconds.", ContainerLabelNames);

    private static readonly Gauge ContainerWorkingSet = Metrics.CreateGauge(
        "container_memory_working_set_bytes", "Current working set of a pod's container, in bytes.", ContainerLabelNames);

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, HashSet<(string, string, string)>> ExportedByNode = [];

    /// <summary>Publishes one node's sample; series of containers no longer sampled on that node are removed.</summary>
    public static void ExportContainers(string node, IEnumerable<(string Namespace, string Pod, string Container, double CpuSeconds, long WorkingSetBytes)> containers)
    {
        lock (Gate)
        {
            var now = new HashSet<(string, string, string)>();
            foreach (var (ns, pod, container, cpu, memory) in containers)
            {
                ContainerCpu.WithLabels(ns, pod, container).IncTo(cpu);
                ContainerWorkingSet.WithLabels(ns, pod, container).Set(memory);
                now.Add((ns, pod, container));
            }
            foreach (var (ns, pod, container) in ExportedByNode.GetValueOrDefault(node) ?? [])
                if (!now.Contains((ns, pod, container)))
                {
                    ContainerCpu.RemoveLabelled(ns, pod, container);
                    ContainerWorkingSet.RemoveLabelled(ns, pod, container);
                }
            ExportedByNode[node] = now;
        }
    }
}
