using System.Text.Json.Nodes;
using k8s;
using Orleans.Kube.Model.Printing;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model;

/// <summary>
/// Everything the API needs to know about one served resource type: its names and scope (discovery, OpenAPI,
/// routing), and its strategy (kube's registry strategy.go idea): defaults, validation, table printer, field
/// labels and protobuf message. Declared once per kind and registered in <see cref="ResourceKinds.All"/>.
/// <see cref="ModelType"/> is the KubernetesClient model class of the kind: typed round trips and the generated
/// OpenAPI schemas (Model/OpenApi) read it, and nothing else says which model a kind is.
/// </summary>
public sealed record ResourceKind(
    string Group,
    string Version,
    string Kind,
    string Plural,
    string Singular,
    bool Namespaced,
    string[] ShortNames,
    string[] Categories,
    string[] Subresources,
    Type ModelType,
    Func<string, string> Canonicalize)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"deployments.apps" or "pods": the name kube uses in error messages and storage keys.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>"Deployment.apps" or "Pod" (schema.GroupKind.String()): the name kube uses in validation messages.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public bool HasStatus => Subresources.Contains("status");

    /// <summary>Fields besides metadata.name and metadata.namespace that field selectors may use.</summary>
    public string[] FieldLabels { get; init; } = [];

    /// <summary>The defaults kube-apiserver fills in on create and update (none by default).</summary>
    internal Action<JsonObject>? Defaults { get; init; }

    /// <summary>
    /// Create and update validation: appends kube's field errors. Null means the generic metadata checks of a
    /// kind without rules of its own; <see cref="KindValidation"/> builds the usual ones.
    /// </summary>
    internal Action<JsonObject, bool, List<FieldError>>? Validator { get; init; }

    /// <summary>The server-side table printer for <c>kubectl get</c> (kube's default Name/Created At otherwise).</summary>
    internal ResourcePrinter Printer { get; init; } = DefaultPrinter.Printer;

    /// <summary>The "package.Message" of <c>KubeProtoSchema</c> a protobuf body of this kind decodes as; null: JSON only.</summary>
    internal string? ProtoMessage { get; init; }

    /// <summary>For a version served from another version's storage (autoscaling/v1 HPAs): how bodies convert.</summary>
    public VersionConversion? Conversion { get; init; }

    /// <summary>The kind whose grains and store hold this kind's objects: itself unless it is converted.</summary>
    public ResourceKind Stored => Conversion?.Storage ?? this;

    /// <summary>A stored object as this version shows it; anything else (a Status, say) as it is.</summary>
    public JsonObject Served(JsonObject stored) =>
        Conversion is { } conversion && stored.GetString("apiVersion") == Stored.ApiVersion && stored.GetString("kind") == Kind
            ? conversion.FromStorage(stored)
            : stored;

    /// <summary>
    /// Decodes a body through the official model type (<see cref="Canonicalize"/>); returns why it does not decode,
    /// or, under strict field validation, which fields the kind does not have, else null.
    /// </summary>
    public string? Decode(string body, bool strict, out JsonObject obj)
    {
        try
        {
            obj = KubeJson.ParseObject(Canonicalize(body));
            if (strict && UnknownFields.Find(KubeJson.ParseObject(body), obj) is { Count: > 0 } unknown)
                return $"{Kind} in version \"{Version}\" cannot be handled as a {Kind}: strict decoding error: " +
                    string.Join(", ", unknown.Select(f => $"unknown field \"{f}\""));
            return null;
        }
        catch (System.Text.Json.JsonException ex) when (GoDecodeError.Describe(ex, ModelType, body) is { } goError)
        {
            obj = null!;
            return $"{Kind} in version \"{Version}\" cannot be handled as a {Kind}: {goError}";
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException or NotSupportedException)
        {
            obj = null!;
            return $"the body is not a valid {Kind}: {ex.Message}";
        }
    }

    public static ResourceKind Of<TModel>(string group, string version, string kind, string plural, bool namespaced,
        string[]? shortNames = null, string[]? categories = null, string[]? subresources = null) =>
        new(group, version, kind, plural, kind.ToLowerInvariant(), namespaced, shortNames ?? [], categories ?? [],
            subresources ?? [],
            typeof(TModel),
            // A typed round trip through the official model drops unknown fields and normalises shapes.
            json => KubernetesJson.Serialize(KubernetesJson.Deserialize<TModel>(json)));
}
