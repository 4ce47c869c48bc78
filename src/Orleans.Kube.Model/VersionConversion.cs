using System.Text.Json.Nodes;

namespace Orleans.Kube.Model;

/// <summary>
/// An API version served from another version's storage, as kube-apiserver serves autoscaling/v1 HPAs stored as v2:
/// request bodies convert to the stored version before a grain sees them, and objects convert back on the way out.
/// </summary>
public sealed record VersionConversion(ResourceKind Storage, Func<JsonObject, JsonObject> ToStorage, Func<JsonObject, JsonObject> FromStorage);
