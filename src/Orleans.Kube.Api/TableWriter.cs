using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orleans.Kube.Model;
using Orleans.Kube.Model.Printing;

namespace Orleans.Kube.Api;

/// <summary>Server-side printing: a meta.k8s.io/v1 Table, which kubectl prints as is.</summary>
internal static class TableWriter
{
    public static bool Wants(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("as=Table", StringComparison.Ordinal));

    /// <summary>A table's list metadata for a table of one object: that object's resourceVersion.</summary>
    public static JsonObject MetadataOf(JsonObject obj) => new() { ["resourceVersion"] = obj.ResourceVersion() ?? "" };

    public static JsonObject Table(ResourceKind kind, IEnumerable<JsonObject> objects, JsonObject listMetadata, HttpRequest request, bool withColumns = true)
    {
        var includeObject = request.Query["includeObject"].ToString();
        var now = DateTime.UtcNow;
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject
            {
                ["cells"] = new JsonArray(TablePrinters.Cells(kind.Plural, obj, now).Select(ToNode).ToArray()),
            };
            row["object"] = includeObject switch
            {
                "None" => null,
                "Object" => obj.DeepClone(),
                _ => new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                },
            };
            rows.Add(row);
        }
        var columns = withColumns
            ? new JsonArray(TablePrinters.Columns(kind.Plural).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format,
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            }).ToArray())
            : new JsonArray();
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMetadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    private static JsonNode? ToNode(object? cell) => cell switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string s => s,
        int i => i,
        long l => l,
        bool b => b,
        double d => d,
        _ => cell.ToString(),
    };
}
