using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Kube.Grains.Abstractions;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Selectors;
using Orleans.Kube.Store;

namespace Orleans.Kube.Api;

/// <summary>
/// metrics.k8s.io/v1beta1, as metrics-server serves it (NodeMetrics, PodMetrics; get and list, label
/// selectors), so `kubectl top` works. The numbers are not stored: each request asks the node
/// agents, which keep their last sample in memory.
/// </summary>
public static class MetricsApi
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";
    private static readonly TimeSpan AgentTimeout = TimeSpan.FromSeconds(3);
    public static readonly ResourceKind NodeMetricsKind = ResourceKind.Of<NodeMetrics>(Group, Version, "NodeMetrics", "nodes", false);
    public static readonly ResourceKind PodMetricsKind = ResourceKind.Of<PodMetrics>(Group, Version, "PodMetrics", "pods", true);

    public static JsonObject GroupDocument() => new()
    {
        ["kind"] = "APIGroup",
        ["apiVersion"] = "v1",
        ["name"] = Group,
        ["versions"] = new JsonArray(VersionDocument()),
        ["preferredVersion"] = VersionDocument(),
    };

    private static JsonObject VersionDocument() => new() { ["groupVersion"] = $"{Group}/{Version}", ["version"] = Version };

    public static JsonObject ResourceList() => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = $"{Group}/{Version}",
        ["resources"] = new JsonArray(
            new JsonObject { ["name"] = "nodes", ["singularName"] = "", ["namespaced"] = false, ["kind"] = "NodeMetrics", ["verbs"] = new JsonArray("get", "list") },
            new JsonObject { ["name"] = "pods", ["singularName"] = "", ["namespaced"] = true, ["kind"] = "PodMetrics", ["verbs"] = new JsonArray("get", "list") }),
    };

    /// <summary>Serves a request under /apis/metrics.k8s.io; <paramref name="segments"/> are the path's parts.</summary>
    public static async Task HandleAsync(HttpContext http, string[] segments)
    {
        var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
        var store = http.RequestServices.GetRequiredService<ResourceStore>();
        if (http.Request.Method != "GET")
        {
            await http.Response.WriteJsonAsync(405, StatusErrors.MethodNotAllowed($"the server does not allow this method on the requested resource ({http.Request.Method})"));
            return;
        }
        LabelSelector selector;
        try
        {
            selector = LabelSelector.Parse(http.Request.Query["labelSelector"].ToString());
        }
        catch (SelectorException ex)
        {
            await http.Response.WriteJsonAsync(400, StatusErrors.BadRequest(ex.Message));
            return;
        }
        switch (segments)
        {
            case ["apis", Group]:
                await http.Response.WriteJsonAsync(200, KubeJson.Write(GroupDocument()));
                break;
            case ["apis", Group, Version]:
                await http.Response.WriteJsonAsync(200, KubeJson.Write(ResourceList()));
                break;
            case ["apis", Group, Version, "nodes"]:
                await http.Response.WriteJsonAsync(200, KubeJson.Write(List("NodeMetricsList",
                    (await NodesAsync(grains, store, null)).Where(n => selector.Matches(n.Labels)).Select(n => NodeItem(n.Name, n.Labels, n.Usage!)))));
                break;
            case ["apis", Group, Version, "nodes", var name]:
                var node = (await NodesAsync(grains, store, name)).FirstOrDefault();
                await (node is null
                    ? http.Response.WriteJsonAsync(404, StatusErrors.NotFound(NodeMetricsKind, name))
                    : http.Response.WriteJsonAsync(200, KubeJson.Write(NodeItem(node.Name, node.Labels, node.Usage!))));
                break;
            case ["apis", Group, Version, "pods"]:
                await WritePodsAsync(http, grains, store, null, null, selector);
                break;
            case ["apis", Group, Version, "namespaces", var ns, "pods"]:
                await WritePodsAsync(http, grains, store, ns, null, selector);
                break;
            case ["apis", Group, Version, "namespaces", var ns, "pods", var name]:
                await WritePodsAsync(http, grains, store, ns, name, selector);
                break;
            default:
                await http.Response.WriteJsonAsync(404, StatusErrors.NotFoundPath());
                break;
        }
    }

    private sealed record NodeView(string Name, IReadOnlyDictionary<string, string> Labels, NodeUsageReport? Usage);

    /// <summary>Every node (or the one named) with its agent's last report; nodes whose agent has none or does not answer are left out.</summary>
    private static async Task<List<NodeView>> NodesAsync(IGrainFactory grains, ResourceStore store, string? only)
    {
        var (nodes, _) = await store.ListAsync(ResourceKinds.Node.GroupResource, null);
        var views = await Task.WhenAll(nodes.Where(n => only is null || n.Name == only).Select(async n =>
        {
            var labels = KubeJson.ParseObject(n.Body).Labels();
            try
            {
                return new NodeView(n.Name, labels, await grains.GetGrain<INodeAgentGrain>(n.Name).Usage().WaitAsync(AgentTimeout));
            }
            catch (Exception ex) when (ex is TimeoutException or OrleansException)
            {
                return new NodeView(n.Name, labels, null); // its silo is down: metrics-server also omits unscrapable nodes
            }
        }));
        return views.Where(v => v.Usage is not null).ToList();
    }

    private static async Task WritePodsAsync(HttpContext http, IGrainFactory grains, ResourceStore store, string? ns, string? name, LabelSelector selector)
    {
        // One pod's metrics come from its own node's agent; a list asks every agent.
        string? node = null;
        if (name is not null && ns is not null)
        {
            var stored = await store.GetAsync(ResourceKinds.Pod.GroupResource, ns, name);
            node = stored is null ? null : KubeJson.ParseObject(stored.Body)["spec"].GetString("nodeName");
            if (node is null)
            {
                await http.Response.WriteJsonAsync(404, StatusErrors.NotFound(PodMetricsKind, name));
                return;
            }
        }
        var nodes = await NodesAsync(grains, store, node);
        var pods = nodes.SelectMany(n => n.Usage!.Pods.Select(p => (Report: n.Usage, Pod: p)))
            .Where(p => (ns is null || p.Pod.Namespace == ns) && (name is null || p.Pod.Name == name) && selector.Matches(p.Pod.Labels))
            .OrderBy(p => p.Pod.Namespace, StringComparer.Ordinal).ThenBy(p => p.Pod.Name, StringComparer.Ordinal)
            .Select(p => PodItem(p.Report!, p.Pod))
            .ToList();
        if (name is not null)
            await (pods.Count == 0
                ? http.Response.WriteJsonAsync(404, StatusErrors.NotFound(PodMetricsKind, name))
                : http.Response.WriteJsonAsync(200, KubeJson.Write(pods[0])));
        else
            await http.Response.WriteJsonAsync(200, KubeJson.Write(List("PodMetricsList", pods)));
    }

    private static JsonObject List(string kind, IEnumerable<JsonObject> items) => new()
    {
        ["kind"] = kind,
        ["apiVersion"] = $"{Group}/{Version}",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
    };

    private static JsonObject NodeItem(string name, IReadOnlyDictionary<string, string> labels, NodeUsageReport report) => new()
    {
        ["kind"] = "NodeMetrics",
        ["apiVersion"] = $"{Group}/{Version}",
        ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = ObjectMeta.Timestamp(DateTimeOffset.UtcNow), ["labels"] = LabelsNode(labels) },
        ["timestamp"] = ObjectMeta.Timestamp(report.Timestamp),
        ["window"] = Window(report.Window),
        ["usage"] = Usage(report.Node),
    };

    private static JsonObject PodItem(NodeUsageReport report, PodUsage pod) => new()
    {
        ["kind"] = "PodMetrics",
        ["apiVersion"] = $"{Group}/{Version}",
        ["metadata"] = new JsonObject
        {
            ["name"] = pod.Name,
            ["namespace"] = pod.Namespace,
            ["creationTimestamp"] = ObjectMeta.Timestamp(DateTimeOffset.UtcNow),
            ["labels"] = LabelsNode(pod.Labels),
        },
        ["timestamp"] = ObjectMeta.Timestamp(report.Timestamp),
        ["window"] = Window(report.Window),
        ["containers"] = new JsonArray(pod.Containers.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["usage"] = Usage(c.Usage) }).ToArray()),
    };

    private static JsonObject? LabelsNode(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? null : new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));

    /// <summary>As metrics-server writes them: CPU in nanocores ("1234n"), memory in kibibytes ("5678Ki").</summary>
    private static JsonObject Usage(ResourceUse use) => new()
    {
        ["cpu"] = $"{use.CpuNanocores.ToString(CultureInfo.InvariantCulture)}n",
        ["memory"] = $"{(use.MemoryBytes / 1024).ToString(CultureInfo.InvariantCulture)}Ki",
    };

    /// <summary>A Go duration string: "5.004s".</summary>
    private static string Window(TimeSpan window) =>
        $"{Math.Round(window.TotalSeconds, 3).ToString(CultureInfo.InvariantCulture)}s";
}
