using System.Globalization;
using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>printService from kube-apiserver 1.32 (server-side rows are always wide, so nothing is clipped).</summary>
internal static class ServicePrinter
{
    private static readonly TableColumn[] ColumnSet =
    [
        Columns.Name,
        Columns.Text("Type", "type determines how the Service is exposed."),
        Columns.Text("Cluster-IP", "clusterIP is the IP address of the service."),
        Columns.Text("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
        Columns.Text("Port(s)", "The list of ports that are exposed by this service."),
        Columns.Age,
        Columns.Text("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1),
    ];

    public static ResourcePrinter Printer { get; } = new(ColumnSet, Cells);

    private static object?[] Cells(JsonObject service, DateTime now)
    {
        var spec = Obj(service, "spec");
        // Defaulting fills type and clusterIPs; mirror it so a bare object prints like a stored one.
        var type = Str(spec, "type") is { Length: > 0 } t ? t : "ClusterIP";
        var clusterIp = Strings(spec, "clusterIPs").FirstOrDefault() ?? Str(spec, "clusterIP");
        var ports = string.Join(",", Objects(spec, "ports").Select(FormatPort));

        return
        [
            Text(service, "metadata", "name"),
            type,
            string.IsNullOrEmpty(clusterIp) ? "<none>" : clusterIp,
            ExternalIp(service, type),
            ports.Length == 0 ? "<none>" : ports,
            HumanDurations.Since(Time(service, "metadata", "creationTimestamp"), now),
            LabelFormatting.FormatLabels(At(spec, "selector")),
        ];
    }

    private static string FormatPort(JsonObject port)
    {
        var number = Int(port, "port") ?? 0;
        var protocol = Str(port, "protocol") is { Length: > 0 } p ? p : "TCP";
        return Int(port, "nodePort") is > 0 and var nodePort
            ? string.Create(CultureInfo.InvariantCulture, $"{number}:{nodePort}/{protocol}")
            : string.Create(CultureInfo.InvariantCulture, $"{number}/{protocol}");
    }

    private static string ExternalIp(JsonObject service, string type)
    {
        var externalIps = Strings(service, "spec", "externalIPs").ToList();
        switch (type)
        {
            case "ClusterIP":
            case "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                // A sorted set of ingress IPs (or hostnames when there is no IP), then the external IPs.
                var lbIps = Objects(service, "status", "loadBalancer", "ingress")
                    .Select(i => Str(i, "ip") is { Length: > 0 } ip ? ip : Text(i, "hostname"))
                    .Where(s => s.Length > 0)
                    .Distinct()
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (externalIps.Count > 0) return string.Join(",", lbIps.Concat(externalIps));
                return lbIps.Count > 0 ? string.Join(",", lbIps) : "<pending>";
            case "ExternalName":
                return Text(service, "spec", "externalName");
            default:
                return "<unknown>";
        }
    }
}
