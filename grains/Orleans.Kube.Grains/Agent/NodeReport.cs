using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Orleans.Kube.Grains;

/// <summary>The Node object a worker reports about its host: identity, capacity, addresses, versions.</summary>
public static class NodeReport
{
    public static JsonObject Build(string nodeName, NodeAgentOptions options)
    {
        var cpu = options.Cpu > 0 ? options.Cpu : Environment.ProcessorCount;
        var memory = options.MemoryBytes > 0 ? options.MemoryBytes : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var resources = new JsonObject
        {
            ["cpu"] = cpu.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["memory"] = $"{memory / 1024}Ki",
            ["pods"] = options.MaxPods.ToString(),
        };
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = nodeName,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64",
        };
        foreach (var pair in options.Labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            if (pair.Split('=', 2) is [var key, var value])
                labels[key] = value;
        var spec = new JsonObject();
        var taints = new JsonArray();
        foreach (var taint in options.Taints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // key=value:Effect or key:Effect
            var (keyValue, effect) = taint.LastIndexOf(':') is var colon and > 0 ? (taint[..colon], taint[(colon + 1)..]) : (taint, "NoSchedule");
            var parts = keyValue.Split('=', 2);
            var entry = new JsonObject { ["key"] = parts[0], ["effect"] = effect };
            if (parts.Length == 2)
                entry["value"] = parts[1];
            taints.Add(entry);
        }
        if (taints.Count > 0)
            spec["taints"] = taints;

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = nodeName, ["labels"] = labels },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["capacity"] = resources.DeepClone(),
                ["allocatable"] = resources,
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = options.BindAddress },
                    new JsonObject { ["type"] = "Hostname", ["address"] = nodeName }),
                ["nodeInfo"] = new JsonObject
                {
                    ["kubeletVersion"] = "v1.32.0-okube",
                    ["kubeProxyVersion"] = "v1.32.0-okube",
                    ["containerRuntimeVersion"] = options.Runtime == "simulated" ? "simulated://1" : "docker://engine",
                    ["operatingSystem"] = "linux",
                    ["architecture"] = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64",
                    ["osImage"] = RuntimeInformation.OSDescription,
                    ["kernelVersion"] = Environment.OSVersion.Version.ToString(),
                    ["machineID"] = nodeName,
                    ["systemUUID"] = nodeName,
                    ["bootID"] = nodeName,
                },
            },
        };
    }
}
