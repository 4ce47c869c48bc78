using System.Text.Json.Nodes;
using k8s.Models;

namespace Orleans.Kube.Model.OpenApi;

/// <summary>The two shapes of OpenAPI schema kube publishes: v2's `definitions` and v3's `components.schemas`.</summary>
public enum OpenApiDialect
{
    V2,
    V3,
}

/// <summary>
/// OpenAPI schemas of the served kinds, generated from the KubernetesClient model classes by reflection (JSON field
/// names and types, nullability) and from the package's XML documentation (descriptions), shaped as kube-apiserver
/// shapes them: definitions named like kube's (<see cref="SchemaNames"/>), `x-kubernetes-group-version-kind` on
/// each kind and its list, the well-known patch and list-map metadata (<see cref="PatchMetadata"/>) and required
/// fields (<see cref="RequiredFields"/>). v3 refers to another definition through a one-element `allOf` so the
/// field keeps its own description; v2 puts the description beside the `$ref`.
/// </summary>
public sealed class ModelSchemas(IReadOnlyList<ResourceKind> kinds, ModelDocumentation documentation)
{
    private readonly SchemaNames names = new(kinds);

    /// <summary>The definitions for <paramref name="served"/> (each kind and list) and everything they reach, keyed by kube's name.</summary>
    public JsonObject Definitions(IEnumerable<ResourceKind> served, OpenApiDialect dialect)
    {
        var kindsByType = new Dictionary<Type, (string Group, string Version, string Kind)>();
        foreach (var kind in served)
        {
            kindsByType.TryAdd(kind.ModelType, (kind.Group, kind.Version, kind.Kind));
            if (ModelTypes.ListOf(kind.ModelType) is { } list)
                kindsByType.TryAdd(list, (kind.Group, kind.Version, kind.Kind + "List"));
        }
        var types = kindsByType.Keys.SelectMany(t => ModelTypes.Closure(t)).Distinct().Select(t => (Name: names.Of(t), Type: t)).OrderBy(t => t.Name, StringComparer.Ordinal);
        var definitions = new JsonObject();
        foreach (var (name, type) in types)
        {
            var schema = Definition(type, dialect);
            if (kindsByType.TryGetValue(type, out var gvk))
                schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = gvk.Group, ["kind"] = gvk.Kind, ["version"] = gvk.Version });
            definitions[name] = schema;
        }
        return definitions;
    }

    public string NameOf(Type type) => names.Of(type);

    private JsonObject Definition(Type type, OpenApiDialect dialect)
    {
        if (type == typeof(IntOrString))
            return StringLike(dialect, "IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.",
                "int-or-string", "integer", "string");
        if (type == typeof(ResourceQuantity))
            return StringLike(dialect, "Quantity is a fixed-point representation of a number, written as a string such as \"100m\", \"1.5Gi\" or \"2\".",
                null, "string", "number");
        var schema = new JsonObject();
        if (documentation.Type(type) is { } description)
            schema["description"] = description;
        schema["type"] = "object";
        var properties = new JsonObject();
        foreach (var (name, property) in ModelTypes.Fields(type))
        {
            var field = Field(property.PropertyType, dialect);
            var fieldDescription = documentation.Property(type, property.Name);
            if (fieldDescription is not null)
                field = Described(field, fieldDescription, dialect);
            if (PatchMetadata.Of(type, name) is { } patch)
                AddPatchMetadata(field, patch);
            properties[name] = field;
        }
        schema["properties"] = properties;
        var required = RequiredFields.Of(type).ToList();
        if (required.Count > 0)
            schema["required"] = new JsonArray([.. required.Select(r => JsonValue.Create(r))]);
        return schema;
    }

    // v2 says "string" (with a format); v3 lists the JSON types it takes, so kubectl explain prints the type's name.
    private static JsonObject StringLike(OpenApiDialect dialect, string description, string? format, params string[] v3Types)
    {
        var schema = new JsonObject { ["description"] = description };
        if (dialect == OpenApiDialect.V3)
            schema["oneOf"] = new JsonArray([.. v3Types.Select(t => new JsonObject { ["type"] = t })]);
        else
            schema["type"] = "string";
        if (format is not null)
            schema["format"] = format;
        return schema;
    }

    /// <summary>The schema of a field or item of CLR type <paramref name="type"/>.</summary>
    private JsonObject Field(Type type, OpenApiDialect dialect)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (ModelTypes.IsNamed(type))
            return new JsonObject { ["$ref"] = Reference(type, dialect) };
        if (ModelTypes.ItemType(type) is { } item)
            return new JsonObject { ["type"] = "array", ["items"] = Item(item, dialect) };
        if (ModelTypes.MapValueType(type) is { } value)
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Item(value, dialect) };
        return Primitive(type);
    }

    // v3 lists and maps of definitions refer through allOf as fields do (kube adds default {} there too).
    private JsonObject Item(Type type, OpenApiDialect dialect)
    {
        var schema = Field(type, dialect);
        return dialect == OpenApiDialect.V3 && schema["$ref"] is not null ? new JsonObject { ["allOf"] = new JsonArray(schema), ["default"] = new JsonObject() } : schema;
    }

    private static JsonObject Described(JsonObject field, string description, OpenApiDialect dialect)
    {
        if (dialect == OpenApiDialect.V3 && field["$ref"] is not null)
            field = new JsonObject { ["allOf"] = new JsonArray(field) };
        var described = new JsonObject { ["description"] = description };
        foreach (var (key, node) in field.ToList())
        {
            field.Remove(key);
            described[key] = node;
        }
        return described;
    }

    private static void AddPatchMetadata(JsonObject field, PatchMetadata patch)
    {
        if (patch.ListType is { } listType)
            field["x-kubernetes-list-type"] = listType;
        if (patch.MapKeys.Length > 0)
            field["x-kubernetes-list-map-keys"] = new JsonArray([.. patch.MapKeys.Select(k => JsonValue.Create(k))]);
        if (patch.MergeKey is { } mergeKey)
            field["x-kubernetes-patch-merge-key"] = mergeKey;
        if (patch.Strategy is { } strategy)
            field["x-kubernetes-patch-strategy"] = strategy;
    }

    private string Reference(Type type, OpenApiDialect dialect) =>
        (dialect == OpenApiDialect.V3 ? "#/components/schemas/" : "#/definitions/") + names.Of(type);

    private static JsonObject Primitive(Type type) => type switch
    {
        _ when type == typeof(string) => new JsonObject { ["type"] = "string" },
        _ when type == typeof(bool) => new JsonObject { ["type"] = "boolean" },
        _ when type == typeof(int) => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        _ when type == typeof(long) => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
        _ when type == typeof(double) || type == typeof(float) => new JsonObject { ["type"] = "number", ["format"] = "double" },
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        _ when type == typeof(byte[]) => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        // RawExtension, FieldsV1 and other free-form JSON.
        _ => new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
    };
}
