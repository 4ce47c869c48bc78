using System.Globalization;
using System.Text.Json.Nodes;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>Endpoints and EndpointSlices as printed by kube-apiserver 1.32: at most three entries, then "+ N more...".</summary>
internal static class EndpointPrinters
{
    private const int MaxListed = 3;

    private static readonly TableColumn[] EndpointsColumns =
    [
        Columns.Name,
        Columns.Text("Endpoints", "The set of all endpoints is the union of all subsets."),
        Columns.Age,
    ];

    private static readonly TableColumn[] EndpointSliceColumns =
    [
        Columns.Name,
        Columns.Text("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
        Columns.Text("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
        Columns.Text("Endpoints", "endpoints is a list of unique endpoints in this slice."),
        Columns.Age,
    ];

    public static ResourcePrinter Endpoints { get; } = new(EndpointsColumns, (obj, now) =>
    [
        Text(obj, "metadata", "name"),
        FormatEndpoints(obj),
        HumanDurations.Since(Time(obj, "metadata", "creationTimestamp"), now),
    ]);

    public static ResourcePrinter EndpointSlices { get; } = new(EndpointSliceColumns, (obj, now) =>
    [
        Text(obj, "metadata", "name"),
        Text(obj, "addressType"),
        FormatSliceList(Objects(obj, "ports").Select(p =>
            Int(p, "port") is { } port ? port.ToString(CultureInfo.InvariantCulture) : Str(p, "name") ?? "*")),
        FormatSliceList(Objects(obj, "endpoints").SelectMany(e => Strings(e, "addresses"))),
        HumanDurations.Since(Time(obj, "metadata", "creationTimestamp"), now),
    ]);

    // formatEndpoints: every address for every port ("ip:port"), or bare IPs for headless subsets without ports.
    private static string FormatEndpoints(JsonObject endpoints)
    {
        var subsets = Objects(endpoints, "subsets").ToList();
        if (subsets.Count == 0) return "<none>";

        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var ips = Objects(subset, "addresses").Select(a => Text(a, "ip")).ToList();
            var ports = Objects(subset, "ports").ToList();
            if (ports.Count == 0)
            {
                count += ips.Count;
                list.AddRange(ips.Take(MaxListed - list.Count));
                continue;
            }
            foreach (var port in ports)
            {
                count += ips.Count;
                var number = (Int(port, "port") ?? 0).ToString(CultureInfo.InvariantCulture);
                list.AddRange(ips.Take(MaxListed - list.Count).Select(ip => JoinHostPort(ip, number)));
            }
        }

        var text = string.Join(",", list);
        return count > MaxListed
            ? string.Create(CultureInfo.InvariantCulture, $"{text} + {count - MaxListed} more...")
            : text;
    }

    // listWithMoreString: "<unset>" when empty.
    private static string FormatSliceList(IEnumerable<string> items)
    {
        var all = items.ToList();
        if (all.Count > MaxListed)
            return string.Create(CultureInfo.InvariantCulture, $"{string.Join(",", all.Take(MaxListed))} + {all.Count - MaxListed} more...");
        return all.Count == 0 ? "<unset>" : string.Join(",", all);
    }

    // net.JoinHostPort brackets IPv6 literals.
    private static string JoinHostPort(string host, string port) =>
        host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
