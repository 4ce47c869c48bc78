using System.Text.Json.Nodes;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Runtime;
using Prometheus;

namespace Orleans.Kube.Grains;

/// <summary>
/// The kubelet's read endpoints that nodes/NAME/proxy reaches: /healthz, /metrics/resource (the resource metrics
/// kubelet exports for metrics-server, from the agent's last usage sample), /stats/summary (its Summary API, the same
/// numbers) and /pods (the pods bound to this node, as the agent holds them).
/// </summary>
public sealed partial class NodeAgentGrain
{
    /// <summary>The containers sampled last, their raw counters and the rates against the sample before.</summary>
    private sealed record UsageSample(DateTimeOffset Time, IReadOnlyList<ContainerInfo> Running, IReadOnlyDictionary<string, ContainerUsage> Samples,
        IReadOnlyDictionary<string, (long CpuNanocores, long MemoryBytes, TimeSpan Window)> Rates);

    private UsageSample? lastSample;

    async Task<KubeletAnswer?> INodeAgentGrain.KubeletGet(string path) => path switch
    {
        "/healthz" => new KubeletAnswer("text/plain; charset=utf-8", "ok"),
        "/metrics/resource" => new KubeletAnswer("text/plain; version=0.0.4; charset=utf-8", await ResourceMetricsAsync()),
        "/stats/summary" => new KubeletAnswer("application/json", KubeJson.Write(StatsSummary())),
        "/pods" => new KubeletAnswer("application/json", KubeJson.Write(PodList())),
        _ => null,
    };

    private IEnumerable<(ContainerInfo Container, ContainerUsage Usage)> SampledContainers() =>
        lastSample is null ? [] : lastSample.Running.Where(c => lastSample.Samples.ContainsKey(c.Id)).Select(c => (c, lastSample.Samples[c.Id]));

    private static (string Namespace, string Pod, string Container) NamesOf(ContainerInfo c) =>
        (c.Labels.GetValueOrDefault(ContainerLabels.PodNamespace) ?? "", c.Labels[ContainerLabels.PodName], c.Labels[ContainerLabels.Container]);

    /// <summary>kubelet's /metrics/resource series, rendered by prometheus-net from a registry of this answer's own.</summary>
    private async Task<string> ResourceMetricsAsync()
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        string[] containerLabels = ["container", "namespace", "pod"];
        string[] podLabels = ["namespace", "pod"];
        var containerCpu = factory.CreateCounter("container_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the container in core-seconds", containerLabels);
        var containerMemory = factory.CreateGauge("container_memory_working_set_bytes", "[STABLE] Current working set of the container in bytes", containerLabels);
        var containerStart = factory.CreateGauge("container_start_time_seconds", "[STABLE] Start time of the container since unix epoch in seconds", containerLabels);
        var podCpu = factory.CreateCounter("pod_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the pod in core-seconds", podLabels);
        var podMemory = factory.CreateGauge("pod_memory_working_set_bytes", "[STABLE] Current working set of the pod in bytes", podLabels);
        var nodeCpu = factory.CreateCounter("node_cpu_usage_seconds_total", "[STABLE] Cumulative cpu time consumed by the node in core-seconds");
        var nodeMemory = factory.CreateGauge("node_memory_working_set_bytes", "[STABLE] Current working set of the node in bytes");
        factory.CreateGauge("resource_scrape_error", "[STABLE] 1 if there was an error while getting container metrics, 0 otherwise").Set(lastSample is null ? 1 : 0);

        foreach (var (container, sample) in SampledContainers())
        {
            var (ns, pod, name) = NamesOf(container);
            containerCpu.WithLabels(name, ns, pod).IncTo(sample.CpuNanoseconds / 1e9);
            containerMemory.WithLabels(name, ns, pod).Set(sample.WorkingSetBytes);
            if (container.StartedAt is { } started)
                containerStart.WithLabels(name, ns, pod).Set(started.ToUnixTimeMilliseconds() / 1e3);
            podCpu.WithLabels(ns, pod).Inc(sample.CpuNanoseconds / 1e9);
            podMemory.WithLabels(ns, pod).Inc(sample.WorkingSetBytes);
        }
        var host = lastSample?.Samples.GetValueOrDefault(NodeSampleKey);
        nodeCpu.IncTo(host is null ? SampledContainers().Sum(c => c.Usage.CpuNanoseconds / 1e9) : host.CpuNanoseconds / 1e9);
        nodeMemory.Set(host?.WorkingSetBytes ?? SampledContainers().Sum(c => c.Usage.WorkingSetBytes));

        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray());
    }

    /// <summary>kubelet's Summary API (stats/v1alpha1): node and per-pod, per-container CPU and working set.</summary>
    private JsonObject StatsSummary()
    {
        var time = ObjectMeta.Timestamp(lastSample?.Time ?? DateTimeOffset.UtcNow);
        JsonObject Cpu(string key, ulong cumulative) => new()
        {
            ["time"] = time,
            ["usageNanoCores"] = lastSample?.Rates.TryGetValue(key, out var rate) == true ? rate.CpuNanocores : 0,
            ["usageCoreNanoSeconds"] = cumulative,
        };
        JsonObject Memory(long workingSet) => new() { ["time"] = time, ["workingSetBytes"] = workingSet };

        var podStats = new JsonArray();
        foreach (var group in SampledContainers().GroupBy(c => (NamesOf(c.Container).Namespace, NamesOf(c.Container).Pod)))
        {
            var uid = pods.GetValueOrDefault(ResourceGrains.Key(group.Key.Namespace, group.Key.Pod))?.Uid() ?? "";
            var containers = new JsonArray();
            foreach (var (container, sample) in group)
                containers.Add(new JsonObject
                {
                    ["name"] = NamesOf(container).Container,
                    ["startTime"] = container.StartedAt is { } started ? ObjectMeta.Timestamp(started) : null,
                    ["cpu"] = Cpu(container.Id, sample.CpuNanoseconds),
                    ["memory"] = Memory(sample.WorkingSetBytes),
                });
            podStats.Add(new JsonObject
            {
                ["podRef"] = new JsonObject { ["name"] = group.Key.Pod, ["namespace"] = group.Key.Namespace, ["uid"] = uid },
                ["containers"] = containers,
                ["cpu"] = new JsonObject
                {
                    ["time"] = time,
                    ["usageNanoCores"] = group.Sum(c => lastSample!.Rates.TryGetValue(c.Container.Id, out var rate) ? rate.CpuNanocores : 0),
                    ["usageCoreNanoSeconds"] = group.Aggregate(0UL, (sum, c) => sum + c.Usage.CpuNanoseconds),
                },
                ["memory"] = Memory(group.Sum(c => c.Usage.WorkingSetBytes)),
            });
        }
        var host = lastSample?.Samples.GetValueOrDefault(NodeSampleKey);
        return new JsonObject
        {
            ["node"] = new JsonObject
            {
                ["nodeName"] = NodeName,
                ["cpu"] = Cpu(NodeSampleKey, host?.CpuNanoseconds ?? SampledContainers().Aggregate(0UL, (sum, c) => sum + c.Usage.CpuNanoseconds)),
                ["memory"] = Memory(host?.WorkingSetBytes ?? SampledContainers().Sum(c => c.Usage.WorkingSetBytes)),
            },
            ["pods"] = podStats,
        };
    }

    /// <summary>kubelet's /pods: a v1 PodList of the pods bound to this node.</summary>
    private JsonObject PodList() => new()
    {
        ["kind"] = "PodList",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(pods.Values.OrderBy(p => p.Namespace()).ThenBy(p => p.Name()).Select(p => (JsonNode)p.DeepClone()).ToArray()),
    };
}
