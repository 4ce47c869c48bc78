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
    public required string ApiVersion
    {
        get => apiVersion;
        set
        {
            apiVersion = value;
            stored = null;
        }
    }

    private string apiVersion = "";
    public string Subresource { get; init; } = "";
    public string? Time
    {
        get => time;
        set
        {
            time = value;
            stored = null;
        }
    }

    /// <summary>The owned fields, decoded from the stored FieldsV1 on first use (most entries of a write are never touched).</summary>
    public FieldSet Fields
    {
        get
        {
            if (fields is null)
            {
                fields = FieldSet.FromFieldsV1(storedFields);
                stored = null;
            }
            return fields;
        }
        set
        {
            fields = value;
            stored = null;
        }
    }

    public bool IsEmpty => fields?.IsEmpty ?? storedFields is not { Count: > 0 };

    /// <summary>True when the entry owns one of <paramref name="paths"/>; reads the stored trie without decoding it.</summary>
    public bool OwnsAny(FieldSet paths) =>
        fields is not null ? paths.Paths.Any(fields.Contains) : storedFields is not null && paths.Paths.Any(p => FieldSet.TrieHas(storedFields, p));

    private string? time;
    private FieldSet? fields;
    private JsonObject? storedFields;
    // The entry as read, reused as is when nothing about it changed.
    private JsonObject? stored;

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
            time = entry.GetString("time"),
            storedFields = entry["fieldsV1"] as JsonObject,
            stored = entry,
        };
    }

    /// <summary>The entry in Go's field order (manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource).</summary>
    /// <summary>The entry as JSON: the stored node itself when it is unchanged and already part of <paramref name="target"/>.</summary>
    public JsonObject ToJson(JsonArray? target)
    {
        if (stored is not null)
            return stored.Parent == target && target is not null ? stored : (JsonObject)stored.DeepClone();
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
