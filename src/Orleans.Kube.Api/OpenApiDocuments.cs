using System.Text.Json.Nodes;
using Orleans.Kube.Model;
using Orleans.Kube.Model.OpenApi;

namespace Orleans.Kube.Api;

/// <summary>
/// The OpenAPI documents kube-apiserver publishes: v3 per group-version (`/openapi/v3/apis/apps/v1`) and the v2
/// document (`/openapi/v2`), with the schemas of <see cref="ModelSchemas"/> (what `kubectl explain` reads) and one
/// path per kind and verb carrying `x-kubernetes-group-version-kind`. The PATCH operations list `fieldValidation`,
/// which tells kubectl to leave field validation to the server. They declare no request body media types: kubectl
/// then computes strategic merge patches from its compiled-in Go types, whose patch metadata is complete, rather
/// than from our schemas, which carry only the well-known part (<see cref="PatchMetadata"/>).
/// </summary>
public sealed class OpenApiDocuments(IReadOnlyList<ResourceKind> kinds, ModelSchemas schemas)
{
    public static string GroupVersionPath(string group, string version) =>
        group.Length == 0 ? $"api/{version}" : $"apis/{group}/{version}";

    /// <summary>"api/v1", "apis/apps/v1", ... in discovery order.</summary>
    public IEnumerable<string> GroupVersionPaths => kinds.Select(k => GroupVersionPath(k.Group, k.Version)).Distinct();

    /// <summary>The v3 document of "api/v1" or "apis/apps/v1", or null if we serve no such group-version.</summary>
    public JsonObject? GroupVersion(string groupVersionPath)
    {
        var served = kinds.Where(k => GroupVersionPath(k.Group, k.Version) == groupVersionPath).ToList();
        if (served.Count == 0)
            return null;
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = Info(),
            ["paths"] = Paths(served, OpenApiDialect.V3),
            ["components"] = new JsonObject { ["schemas"] = schemas.Definitions(served, OpenApiDialect.V3) },
        };
    }

    /// <summary>The v2 (swagger) document of every served kind.</summary>
    public JsonObject Swagger() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = Info(),
        ["paths"] = Paths(kinds, OpenApiDialect.V2),
        ["definitions"] = schemas.Definitions(kinds, OpenApiDialect.V2),
    };

    private static JsonObject Info() => new() { ["title"] = "Kubernetes", ["version"] = ServerVersion.Current.GitVersion };

    private JsonObject Paths(IEnumerable<ResourceKind> served, OpenApiDialect dialect)
    {
        var paths = new JsonObject();
        foreach (var kind in served)
        {
            var prefix = "/" + GroupVersionPath(kind.Group, kind.Version) + (kind.Namespaced ? "/namespaces/{namespace}" : "");
            var list = ModelTypes.ListOf(kind.ModelType);
            var collection = new JsonObject();
            if (list is not null)
                collection["get"] = Operation(kind, "list", $"list{kind.Kind}", Response(list, dialect));
            collection["post"] = Operation(kind, "post", $"create{kind.Kind}", Response(kind.ModelType, dialect), Body(kind.ModelType, dialect), WriteParameters(dialect));
            paths[$"{prefix}/{kind.Plural}"] = collection;
            paths[$"{prefix}/{kind.Plural}/{{name}}"] = new JsonObject
            {
                ["get"] = Operation(kind, "get", $"read{kind.Kind}", Response(kind.ModelType, dialect)),
                ["put"] = Operation(kind, "put", $"replace{kind.Kind}", Response(kind.ModelType, dialect), Body(kind.ModelType, dialect), WriteParameters(dialect)),
                ["patch"] = Operation(kind, "patch", $"patch{kind.Kind}", Response(kind.ModelType, dialect), null, [.. WriteParameters(dialect), QueryParameter("force", dialect)]),
                ["delete"] = Operation(kind, "delete", $"delete{kind.Kind}", new JsonObject { ["description"] = "OK" }),
            };
        }
        return paths;
    }

    private static JsonObject Operation(ResourceKind kind, string action, string operationId, JsonObject ok, JsonObject? body = null, JsonObject[]? parameters = null)
    {
        var operation = new JsonObject
        {
            ["operationId"] = operationId,
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = kind.Group, ["kind"] = kind.Kind, ["version"] = kind.Version },
            ["responses"] = new JsonObject { ["200"] = ok },
        };
        if (parameters is not null)
            operation["parameters"] = new JsonArray([.. parameters]);
        if (body is not null)
            operation["requestBody"] = body;
        return operation;
    }

    private static JsonObject[] WriteParameters(OpenApiDialect dialect) =>
        [QueryParameter("dryRun", dialect), QueryParameter("fieldManager", dialect), QueryParameter("fieldValidation", dialect)];

    private JsonObject Response(Type model, OpenApiDialect dialect) => dialect == OpenApiDialect.V3
        ? new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(model, dialect) } } }
        : new JsonObject { ["description"] = "OK", ["schema"] = Reference(model, dialect) };

    // v2 bodies are "in: body" parameters; the v2 document is for clients that read definitions, so it leaves them out.
    private JsonObject? Body(Type model, OpenApiDialect dialect) => dialect == OpenApiDialect.V3
        ? new JsonObject { ["content"] = new JsonObject { ["*/*"] = new JsonObject { ["schema"] = Reference(model, dialect) } }, ["required"] = true }
        : null;

    private JsonObject Reference(Type model, OpenApiDialect dialect) => new()
    {
        ["$ref"] = (dialect == OpenApiDialect.V3 ? "#/components/schemas/" : "#/definitions/") + schemas.NameOf(model),
    };

    private static JsonObject QueryParameter(string name, OpenApiDialect dialect) => dialect == OpenApiDialect.V3
        ? new JsonObject { ["name"] = name, ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string", ["uniqueItems"] = true } }
        : new JsonObject { ["name"] = name, ["in"] = "query", ["type"] = "string", ["uniqueItems"] = true };
}
