using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orleans.Kube.Model.Validation;

namespace Orleans.Kube.Model;

/// <summary>
/// meta/v1 Status bodies with the code, reason and message wording kube-apiserver uses, so kubectl
/// prints "Error from server (NotFound): deployments.apps "web" not found". Written by hand: the
/// KubernetesClient serializer cannot write V1Status.
/// </summary>
public static partial class StatusErrors
{
    public static string NotFound(ResourceKind kind, string name) =>
        Failure(HttpStatusCode.NotFound, "NotFound", $"{kind.GroupResource} \"{name}\" not found", kind, name);

    public static string AlreadyExists(ResourceKind kind, string name) =>
        Failure(HttpStatusCode.Conflict, "AlreadyExists", $"{kind.GroupResource} \"{name}\" already exists", kind, name);

    public static string Conflict(ResourceKind kind, string name, string why) =>
        Failure(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {kind.GroupResource} \"{name}\": {why}", kind, name);

    /// <summary>kube's NewApplyConflict: 409 Conflict, one FieldManagerConflict cause per field.</summary>
    public static string ApplyConflict(string message, IReadOnlyList<(string Message, string Field)> causes) =>
        Write(HttpStatusCode.Conflict, "Conflict", message, new JsonObject
        {
            ["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = c.Message,
                ["field"] = c.Field,
            }).ToArray()),
        });

    public static string Modified(ResourceKind kind, string name) =>
        Conflict(kind, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static string Invalid(ResourceKind kind, string name, IReadOnlyList<FieldError> errors)
    {
        return Write(HttpStatusCode.UnprocessableEntity, "Invalid", ObjectValidator.FormatMessage(kind.Kind, name, errors),
            new JsonObject { ["name"] = name, ["group"] = kind.Group, ["kind"] = kind.Kind, ["causes"] = Causes(errors) });
    }

    private static JsonArray Causes(IReadOnlyList<FieldError> errors) =>
        new(errors.Select(e => (JsonNode)new JsonObject
        {
            ["reason"] = e.Type,
            ["message"] = e.Message,
            ["field"] = e.Field,
        }).ToArray());

    /// <summary>Request options that fail validation, e.g. <c>CreateOptions.meta.k8s.io "" is invalid: dryRun: ...</c>.</summary>
    public static string InvalidOptions(string optionsKind, IReadOnlyList<FieldError> errors) =>
        Write(HttpStatusCode.UnprocessableEntity, "Invalid",
            $"{optionsKind}.meta.k8s.io \"\" is invalid: {GoFormat.Aggregate(errors.Select(e => e.ToString()))}",
            new JsonObject { ["name"] = "", ["group"] = "meta.k8s.io", ["kind"] = optionsKind, ["causes"] = Causes(errors) });

    public static string Forbidden(ResourceKind kind, string name, string why) =>
        Failure(HttpStatusCode.Forbidden, "Forbidden", $"{kind.GroupResource} \"{name}\" is forbidden: {why}", kind, name);

    public static string BadRequest(string message) => Write(HttpStatusCode.BadRequest, "BadRequest", message, null);

    public static string Expired(string message) => Write(HttpStatusCode.Gone, "Expired", message, null);

    public static string MethodNotAllowed(string message) => Write(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", message, new JsonObject());

    /// <summary>415 for a body type the endpoint does not take (by default: a PATCH's).</summary>
    public static string UnsupportedMediaType(string contentType, IReadOnlyList<string>? accepted = null) =>
        Write(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted ?? AcceptedPatchTypes)}; got {contentType}", null);

    public static string RequestEntityTooLarge(long limit) =>
        Write(HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", $"the request body is larger than the limit of {limit} bytes", null);

    /// <summary>
    /// A path no handler serves. kube-apiserver's generic 404 carries an empty <c>details</c> object
    /// (kubectl debug reads <c>details.name</c> to tell a missing subresource from a missing pod).
    /// </summary>
    public static string NotFoundPath() =>
        Write(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource", new JsonObject());

    public static string ServiceUnavailable(string message) => Write(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", message, null);

    /// <summary>kube's NewInternalError: "Internal error occurred: ..." with the error as the one cause.</summary>
    public static string Internal(string message) =>
        Write(HttpStatusCode.InternalServerError, "InternalError", $"Internal error occurred: {message}",
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    public static string Success(ResourceKind kind, string name, string? uid) =>
        new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = new JsonObject { ["name"] = name, ["group"] = kind.Group, ["kind"] = kind.Plural, ["uid"] = uid },
        }.ToJsonString();

    private static readonly string[] AcceptedPatchTypes =
        ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

    private static string Failure(HttpStatusCode code, string reason, string message, ResourceKind kind, string name) =>
        Write(code, reason, message, new JsonObject { ["name"] = name, ["group"] = kind.Group, ["kind"] = kind.Plural });

    private static string Write(HttpStatusCode code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            if (details["group"]?.GetValue<string>() is "")
                details.Remove("group");
            status["details"] = details;
        }
        status["code"] = (int)code;
        return status.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
