using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>printNode from kube-apiserver 1.32: Ready condition, cordon state and role labels.</summary>
internal static class NodePrinter
{
    private const string RoleLabelPrefix = "node-role.kubernetes.io/";
    private const string LegacyRoleLabel = "kubernetes.io/role";

    private static readonly TableColumn[] ColumnSet =
    [
        Columns.Name,
        Columns.Text("Status", "The status of the node"),
        Columns.Text("Roles", "The roles of the node"),
        Columns.Age,
        Columns.Text("Version", "Kubelet Version reported by the node."),
        Columns.Text("Internal-IP", "List of addresses reachable to the node.", 1),
        Columns.Text("External-IP", "List of addresses reachable to the node.", 1),
        Columns.Text("OS-Image", "OS Image reported by the node from /etc/os-release.", 1),
        Columns.Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r'.", 1),
        Columns.Text("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API.", 1),
    ];

    public static ResourcePrinter Printer { get; } = new(ColumnSet, Cells);

    private static object?[] Cells(JsonObject node, DateTime now)
    {
        var status = Obj(node, "status");
        var info = Obj(status, "nodeInfo");

        // Conditions go through a map, so the last Ready condition wins.
        var ready = Objects(status, "conditions").LastOrDefault(c => Text(c, "type") == "Ready");
        var states = new List<string> { ready is null ? "Unknown" : Text(ready, "status") == "True" ? "Ready" : "NotReady" };
        if (Bool(node, "spec", "unschedulable") == true) states.Add("SchedulingDisabled");

        var roles = string.Join(",", FindRoles(node));

        return
        [
            Text(node, "metadata", "name"),
            string.Join(",", states),
            roles.Length == 0 ? "<none>" : roles,
            HumanDurations.Since(Time(node, "metadata", "creationTimestamp"), now),
            Text(info, "kubeletVersion"),
            Address(status, "InternalIP"),
            Address(status, "ExternalIP"),
            OrUnknown(Text(info, "osImage")),
            OrUnknown(Text(info, "kernelVersion")),
            OrUnknown(Text(info, "containerRuntimeVersion")),
        ];
    }

    // Roles come from node-role.kubernetes.io/<role> keys and the legacy kubernetes.io/role=<role> label, sorted.
    private static IEnumerable<string> FindRoles(JsonObject node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in StringMap(node, "metadata", "labels"))
        {
            if (key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal))
            {
                if (key.Length > RoleLabelPrefix.Length) roles.Add(key[RoleLabelPrefix.Length..]);
            }
            else if (key == LegacyRoleLabel && value.Length > 0)
            {
                roles.Add(value);
            }
        }
        return roles;
    }

    private static string Address(JsonObject? status, string type) =>
        Objects(status, "addresses").FirstOrDefault(a => Text(a, "type") == type) is { } a ? Text(a, "address") : "<none>";

    private static string OrUnknown(string value) => value.Length == 0 ? "<unknown>" : value;
}
