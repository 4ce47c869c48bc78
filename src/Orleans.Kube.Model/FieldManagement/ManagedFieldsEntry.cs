using System.Text.Json.Nodes;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model.FieldManagement;

/// <summary>One entry of metadata.managedFields: who (manager, operation, subresource) owns which fields.</summary>
public sealed class ManagedFieldsEntry
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public required string Manager { get; init; }
    public required string Operation { get; init; }
    public required string ApiVersion { get; set; }
    public string Subresource { get; init; } = "";
    public string? Time { get; set; }
    public required FieldSet Fields { get; set; }

    /// <summary>kube's manager identity: Update entries are per API version, an applier's are not.</summary>
    public bool Is(string manager, string operation, string subresource, string apiVersion) =>
        Manager == manager && Operation == operation && Subresource == subresource && (operation == Apply || ApiVersion == apiVersion);

    /// <summary>The manager as kube names it in conflicts: <c>"kubectl-edit" with subresource "status" using v1</c>.</summary>
    public string Printed
    {
        get
        {
            var printed = GoFormat.Quote(Manager);
            if (Subresource.Length > 0)
                printed += $" with subresource {GoFormat.Quote(Subresource)}";
            return Operation == Update ? $"{printed} using {ApiVersion}" : printed;
        }
    }

    /// <summary>Reads an entry; null when it is not one kube would decode (no manager, unknown operation or fields type).</summary>
    public static ManagedFieldsEntry? Read(JsonNode? node)
    {
        if (node is not JsonObject entry || entry.GetString("operation") is not (Apply or Update) || entry["fieldsV1"] is not (null or JsonObject)
            || entry.GetString("fieldsType") is not (null or "FieldsV1") || entry["manager"] is not (null or JsonValue))
            return null;
        return new ManagedFieldsEntry
        {
            Manager = entry.GetString("manager") ?? "",
            Operation = entry.GetString("operation")!,
            ApiVersion = entry.GetString("apiVersion") ?? "",
            Subresource = entry.GetString("subresource") ?? "",
            Time = entry.GetString("time"),
            Fields = FieldSet.FromFieldsV1(entry["fieldsV1"] as JsonObject),
        };
    }

    /// <summary>The entry in Go's field order (manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["manager"] = Manager, ["operation"] = Operation, ["apiVersion"] = ApiVersion };
        if (Time is not null)
            json["time"] = Time;
        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (Subresource.Length > 0)
            json["subresource"] = Subresource;
        return json;
    }
}
