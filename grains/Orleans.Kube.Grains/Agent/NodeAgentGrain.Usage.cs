using Microsoft.Extensions.Logging;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Runtime;

namespace Orleans.Kube.Grains;

/// <summary>
/// Resource use of the node and its pods (metrics-server's job, done where the data is): every few
/// seconds the agent reads each running container's CPU counter and working set, turns counters
/// into rates against the previous sample, and keeps the result in memory only.
/// </summary>
public sealed partial class NodeAgentGrain
{
    private const string NodeSampleKey = "";
    private readonly UsageRates usageRates = new();
    private NodeUsageReport? usage;

    private void StartUsageSampling()
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, agentOptions.Value.UsageSampleSeconds));
        this.RegisterGrainTimer(SampleUsageAsync, new GrainTimerCreationOptions(Spread(period), period) { Interleave = true });
    }

    Task<NodeUsageReport?> INodeAgentGrain.Usage() => Task.FromResult(usage);

    private async Task SampleUsageAsync()
    {
        try
        {
            var simulated = runtime is SimulatedContainerRuntime;
            var running = (await runtime.ListAsync(new Dictionary<string, string> { [ContainerLabels.Node] = NodeName }, CancellationToken.None))
                .Where(c => c.State == ContainerStates.Running && c.Labels.GetValueOrDefault(ContainerLabels.Init) is null or "false"
                    && c.Labels.ContainsKey(ContainerLabels.PodName) && c.Labels.GetValueOrDefault(ContainerLabels.Container) is { Length: > 0 })
                .ToList();
            var samples = new Dictionary<string, ContainerUsage>(StringComparer.Ordinal);
            foreach (var container in running)
                if (await runtime.UsageAsync(container.Id, CancellationToken.None) is { } sample)
                    samples[container.Id] = sample;
            if (!simulated && HostUsage.Read() is { } host)
                samples[NodeSampleKey] = host;
            var rates = usageRates.Next(samples);

            var podUsage = new List<PodUsage>();
            foreach (var group in running.Where(c => rates.ContainsKey(c.Id)).GroupBy(c => (c.Labels.GetValueOrDefault(ContainerLabels.PodNamespace) ?? "", c.Labels[ContainerLabels.PodName])))
            {
                var labels = pods.TryGetValue(ResourceGrains.Key(group.Key.Item1, group.Key.Item2), out var pod) ? pod.Labels() : [];
                podUsage.Add(new PodUsage(group.Key.Item1, group.Key.Item2, labels,
                    group.Select(c => new ContainerUse(c.Labels[ContainerLabels.Container], new ResourceUse(rates[c.Id].CpuNanocores, rates[c.Id].MemoryBytes))).ToList()));
            }
            var node = rates.TryGetValue(NodeSampleKey, out var hostRate)
                ? new ResourceUse(hostRate.CpuNanocores, hostRate.MemoryBytes)
                : new ResourceUse(podUsage.SelectMany(p => p.Containers).Sum(c => c.Usage.CpuNanocores), podUsage.SelectMany(p => p.Containers).Sum(c => c.Usage.MemoryBytes));
            var window = rates.Count > 0 ? rates.Values.Max(r => r.Window) : TimeSpan.Zero;
            if (rates.Count > 0 || usage is not null)
                usage = new NodeUsageReport(DateTimeOffset.UtcNow, window, node, podUsage);
            lastSample = new UsageSample(DateTimeOffset.UtcNow, running, samples, rates);

            // Per-container series for Prometheus, from real nodes (simulated ones would only add noise).
            if (!simulated)
                AgentMetrics.ExportContainers(NodeName, running.Where(c => samples.ContainsKey(c.Id)).Select(c => (
                    c.Labels.GetValueOrDefault(ContainerLabels.PodNamespace) ?? "", c.Labels[ContainerLabels.PodName], c.Labels[ContainerLabels.Container],
                    samples[c.Id].CpuNanoseconds / 1e9, samples[c.Id].WorkingSetBytes)));
        }
        catch (Exception ex)
        {
            LogUsageSampleFailed(logger, ex, NodeName);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage sample of node {Node} failed")]
    private static partial void LogUsageSampleFailed(ILogger logger, Exception exception, string node);
}
