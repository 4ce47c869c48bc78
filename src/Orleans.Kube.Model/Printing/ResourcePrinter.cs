using System.Text.Json.Nodes;

namespace Orleans.Kube.Model.Printing;

/// <summary>
/// The column set for one resource and the function that fills one row of it.
/// The apiserver always prints wide rows (kubectl hides priority-1 columns), so cells cover every column.
/// </summary>
internal sealed class ResourcePrinter(TableColumn[] columns, Func<JsonObject, DateTime, object?[]> cells)
{
    public IReadOnlyList<TableColumn> Columns { get; } = Array.AsReadOnly(columns);

    public object?[] Cells(JsonObject obj, DateTime nowUtc) => cells(obj, nowUtc);
}
