using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Printing;

/// <summary>
/// Server-side printing for <c>kubectl get</c>: the column definitions and row cells kube-apiserver 1.32
/// returns in a <c>meta.k8s.io/v1</c> Table. Cells are strings or longs (JSON numbers) and always cover the
/// wide columns too, as the apiserver's table convertor prints wide and lets kubectl hide priority-1 columns.
/// </summary>
public static class TablePrinters
{
    /// <summary>Column definitions for a lowercase plural resource; unknown resources get Name and Created At.</summary>
    public static IReadOnlyList<TableColumn> Columns(string resource) => PrinterFor(resource).Columns;

    /// <summary>One row's cells, in the same order and count as <see cref="Columns"/>.</summary>
    public static object?[] Cells(string resource, JsonObject obj, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(obj);
        // Ages are differences against UTC timestamps, so a local "now" would skew every one of them.
        var now = nowUtc.Kind == DateTimeKind.Local ? nowUtc.ToUniversalTime() : nowUtc;
        return PrinterFor(resource).Cells(obj, now);
    }

    /// <summary>k8s.io/apimachinery/pkg/util/duration.HumanDuration: "5s", "3m2s", "10m", "5h", "2d3h", "2y".</summary>
    public static string HumanDuration(TimeSpan d) => HumanDurations.Format(d);

    /// <summary>The printer its kind declares (<see cref="ResourceKind.Printer"/>); kube's default for an unknown resource.</summary>
    private static ResourcePrinter PrinterFor(string resource) =>
        ResourceKinds.All.FirstOrDefault(k => string.Equals(k.Plural, resource, StringComparison.OrdinalIgnoreCase))?.Printer
            ?? DefaultPrinter.Printer;
}
