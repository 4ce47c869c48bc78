using Orleans.Concurrency;

namespace Orleans.Kube.Grains.Abstractions;

/// <summary>
/// The single writer of one API object, keyed "{namespace}/{name}" (cluster-scoped: "{name}").
/// Bodies travel as Kubernetes JSON text; every answer is an HTTP-shaped <see cref="ApiResult"/>
/// so the REST front-end, the SDK and other grains see the same errors.
/// </summary>
public interface IResourceGrain : IGrainWithStringKey
{
    /// <summary>A read of the in-memory object: it interleaves, so a busy grain never blocks readers (and readers never deadlock with it).</summary>
    [AlwaysInterleave]
    Task<ApiResult> Get();

    Task<ApiResult> Create(string body, WriteOptions options);

    /// <summary>PUT: replaces spec and metadata (status too, for kinds without a status subresource).</summary>
    Task<ApiResult> Replace(string body, WriteOptions options);

    /// <summary>PUT .../status: replaces status only.</summary>
    Task<ApiResult> ReplaceStatus(string body, WriteOptions options);

    Task<ApiResult> Patch(PatchRequest patch, WriteOptions options);

    Task<ApiResult> Delete(DeleteRequest request);
}

/// <summary>An HTTP status code with the object JSON, or a meta/v1 Status JSON on failure.</summary>
[GenerateSerializer, Immutable]
public sealed record ApiResult([property: Id(0)] int Code, [property: Id(1)] string Body)
{
    public bool IsSuccess => Code is >= 200 and < 300;

    /// <summary>Admission warnings for the client (HTTP Warning headers, which kubectl prints as "Warning: ...").</summary>
    [Id(2)]
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Admission's annotations for the request's audit event (kube's audit annotations), or null.</summary>
    [Id(3)]
    public Dictionary<string, string>? AuditAnnotations { get; init; }
}

[GenerateSerializer, Immutable]
public sealed record WriteOptions(
    [property: Id(0)] bool DryRun = false,
    [property: Id(1)] string? FieldManager = null,
    [property: Id(2)] bool StrictFields = false,
    [property: Id(3)] string? Subresource = null)
{
    public static readonly WriteOptions Default = new();
}

public static class PatchTypes
{
    public const string Json = "application/json-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string StrategicMerge = "application/strategic-merge-patch+json";
    public const string Apply = "application/apply-patch+yaml";
    public static readonly string[] All = [Json, Merge, StrategicMerge, Apply];

    /// <summary>
    /// A JSON, merge or strategic merge patch applied to <paramref name="target"/> (which it may change); null for
    /// any other type. Throws the patch libraries' exceptions when the patch does not apply.
    /// </summary>
    public static System.Text.Json.Nodes.JsonNode? ApplyTo(System.Text.Json.Nodes.JsonNode target, string type,
        System.Text.Json.Nodes.JsonNode patch, string kind) => type switch
    {
        Json => Model.Patching.JsonPatch.Apply(target, patch),
        Merge => Model.Patching.JsonMergePatch.Apply(target, patch),
        StrategicMerge => Model.Patching.StrategicMergePatch.Apply(target, patch, kind),
        _ => null,
    };
}

/// <summary>A PATCH body of one of the <see cref="PatchTypes"/>; Subresource is "status" or "scale" when targeted.</summary>
[GenerateSerializer, Immutable]
public sealed record PatchRequest(
    [property: Id(0)] string Type,
    [property: Id(1)] string Body,
    [property: Id(2)] bool Force = false);

public static class PropagationPolicies
{
    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";
}

[GenerateSerializer, Immutable]
public sealed record DeleteRequest(
    [property: Id(0)] string? PropagationPolicy = null,
    [property: Id(1)] long? GracePeriodSeconds = null,
    [property: Id(2)] string? PreconditionUid = null,
    [property: Id(3)] string? PreconditionResourceVersion = null,
    [property: Id(4)] bool DryRun = false)
{
    public static readonly DeleteRequest Default = new();
}
