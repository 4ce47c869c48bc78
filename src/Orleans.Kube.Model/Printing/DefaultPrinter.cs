using System.Globalization;
using static Orleans.Kube.Model.JsonFields;

namespace Orleans.Kube.Model.Printing;

/// <summary>
/// k8s.io/apiserver's defaultTableConvertor, used for resources without a printer: the name and the
/// creation timestamp as RFC 3339 UTC (Go's zero time when absent).
/// </summary>
internal static class DefaultPrinter
{
    private static readonly TableColumn[] ColumnSet =
    [
        Columns.Name,
        new("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0),
    ];

    public static ResourcePrinter Printer { get; } = new(ColumnSet, (obj, _) =>
    [
        Text(obj, "metadata", "name"),
        (Time(obj, "metadata", "creationTimestamp") ?? DateTime.MinValue)
            .ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture),
    ]);
}
